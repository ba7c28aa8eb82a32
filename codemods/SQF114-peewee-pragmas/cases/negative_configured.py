"""Well-kept peewee settings, a queue database (WAL built in), and tests in memory."""
from peewee import SqliteDatabase
from playhouse.sqliteq import SqliteQueueDatabase

db = SqliteDatabase(
    "app.db",
    pragmas={"journal_mode": "wal", "synchronous": "normal", "cache_size": -64000},
    timeout=5,
)
writes = SqliteQueueDatabase("queue.db", pragmas={"synchronous": "normal"})
test_db = SqliteDatabase(":memory:")


def make_db(path, pragmas):
    # Pragmas passed in by the caller: not guessed at.
    return SqliteDatabase(path, pragmas=pragmas)
