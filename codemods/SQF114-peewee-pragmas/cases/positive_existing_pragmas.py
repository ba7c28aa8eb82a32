"""Pragmas already there, but not the ones that matter for concurrency."""
from playhouse.sqlite_ext import SqliteExtDatabase
from peewee import SqliteDatabase

PRAGMAS = {
    'cache_size': -1024 * 64,
    'foreign_keys': 1,
}

cache_db = SqliteExtDatabase('cache.db', pragmas=PRAGMAS)
jobs_db = SqliteDatabase('jobs.db', pragmas=[('foreign_keys', 1), ('synchronous', 0)])
queue_db = SqliteDatabase(
    "queue.db",
    pragmas={
        "cache_size": -64000,
    },
)
