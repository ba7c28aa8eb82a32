"""A peewee project on Postgres through a proxy: a blocked loop, but not on
SQLite, so not this tool's to report."""
from peewee import CharField, DatabaseProxy, Model, PostgresqlDatabase

proxy = DatabaseProxy()


class Note(Model):
    text = CharField()

    class Meta:
        database = proxy


def setup(dsn):
    proxy.initialize(PostgresqlDatabase(dsn))
