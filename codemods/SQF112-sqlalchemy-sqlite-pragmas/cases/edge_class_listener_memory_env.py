"""A listener on the `Engine` class sets the PRAGMAs for every engine, so only
the BEGIN IMMEDIATE half is missing, and only where sqlite3 still handles
transactions: not on an in-memory URL, a URL known only at run time, or an
engine whose author chose `isolation_level=` (all left alone)."""
import os

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def set_sqlite_pragma(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


memory_engine = create_engine("sqlite://")
env_engine = create_engine(os.environ["DATABASE_URL"])
reports_engine = create_engine("sqlite:///reports.db", isolation_level="AUTOCOMMIT")
documents_engine = create_engine(
    "sqlite:///documents.db",  # the main store
    pool_pre_ping=True,
)
