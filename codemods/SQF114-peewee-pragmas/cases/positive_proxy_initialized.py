"""A DatabaseProxy is filled at start-up with the real database; its pragmas are
the ones given to the SqliteDatabase handed to initialize()."""
import threading

from peewee import CharField, DatabaseProxy, Model, SqliteDatabase

proxy = DatabaseProxy()


class Job(Model):
    name = CharField()

    class Meta:
        database = proxy


def configure(path):
    proxy.initialize(SqliteDatabase(path, pragmas={"foreign_keys": 1}))


def run_job():
    with proxy.atomic():
        Job.create(name="nightly")


threading.Thread(target=run_job).start()
