"""Checkpoints off on purpose: a maintenance task checkpoints after each batch."""
import sqlite3

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "wal_autocheckpoint": 0,
    "journal_size_limit": 64 * 1024 * 1024,
}


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    for name, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {name}={value}")
    return conn


def after_batch(conn):
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
