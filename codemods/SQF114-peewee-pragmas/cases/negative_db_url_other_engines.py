"""URLs that are not SQLite files: a PostgreSQL URL, an in-memory SQLite URL for
scratch work, and a scheme map without SQLite. Nothing to advise."""
from peewee import MySQLDatabase, PostgresqlDatabase
from playhouse.db_url import connect

main_db = connect("postgresql://app:secret@db:5432/app")
scratch_db = connect("sqlite:///:memory:")

SERVERS = {"postgres": PostgresqlDatabase, "mysql": MySQLDatabase}


def open_server(scheme, name):
    return SERVERS[scheme](name)
