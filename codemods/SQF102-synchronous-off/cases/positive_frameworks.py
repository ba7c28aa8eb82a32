"""One settings module for three stacks: peewee, SQLAlchemy and Django."""
from peewee import SqliteDatabase
from sqlalchemy import create_engine, event

db = SqliteDatabase(
    "app.db",
    pragmas={
        'journal_mode': 'wal',
        'cache_size': -1024 * 64,
        'synchronous': 0,
    },
)

legacy_db = SqliteDatabase("legacy.db", pragmas=[("journal_mode", "wal"), ("synchronous", "OFF")])

engine = create_engine("sqlite:///jobs.db", connect_args={"timeout": 5})


@event.listens_for(engine, "connect")
def set_sqlite_pragma(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=off")
    cursor.close()


DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "db.sqlite3",
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
            "transaction_mode": "IMMEDIATE",
        },
    }
}
