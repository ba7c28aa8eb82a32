"""The engine is picked from the configured URL's scheme through a map that
includes SQLite; the call passes SQLite's own pragmas, so the author runs it on
SQLite, but without WAL."""
from urllib.parse import urlparse

from peewee import MySQLDatabase, PostgresqlDatabase, SqliteDatabase

ENGINES = {
    "sqlite": SqliteDatabase,
    "postgres": PostgresqlDatabase,
    "mysql": MySQLDatabase,
}


def open_database(url):
    parsed = urlparse(url)
    return ENGINES[parsed.scheme](parsed.path, pragmas={"foreign_keys": 1})
