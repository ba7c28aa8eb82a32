"""peewee imported under other names. The queue database forces WAL itself, and
the pooled database imported as `Pool` sets WAL in upper case: each lacks only
`synchronous`, a durability trade that is not reported once WAL is certain. A
database configured by a pragmas dict computed at run time is not guessed at."""
import peewee as pw
from playhouse.pool import PooledSqliteDatabase as Pool
from playhouse.sqliteq import SqliteQueueDatabase


def load_pragmas():
    return {"journal_mode": "wal", "synchronous": "normal"}


queue_db = SqliteQueueDatabase("events.db", autostart=True)
pool_db = Pool("documents.db", max_connections=8, pragmas={"journal_mode": "WAL"})
dynamic_db = pw.SqliteDatabase("cache.db", pragmas=load_pragmas())
