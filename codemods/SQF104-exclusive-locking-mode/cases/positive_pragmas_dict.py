"""peewee and a PRAGMA dict, both with exclusive mode."""
import sqlite3

from playhouse.sqlite_ext import SqliteExtDatabase

db = SqliteExtDatabase("pipeline.db", pragmas={"journal_mode": "wal", "locking_mode": "exclusive"})

TUNING = {"synchronous": "normal", "locking_mode": "EXCLUSIVE"}


def open_store(path):
    conn = sqlite3.connect(path, timeout=5.0)
    for key, value in TUNING.items():
        conn.execute(f"PRAGMA {key} = {value}")
    return conn
