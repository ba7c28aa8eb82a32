"""Ingest worker 'tuned' for throughput: checkpoints off."""
import sqlite3

from peewee import SqliteDatabase

db = SqliteDatabase(
    "ingest.db",
    pragmas={
        "journal_mode": "wal",
        "synchronous": "normal",
        "wal_autocheckpoint": 0,
    },
)


def open_store(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA wal_autocheckpoint = -1")
    return conn
