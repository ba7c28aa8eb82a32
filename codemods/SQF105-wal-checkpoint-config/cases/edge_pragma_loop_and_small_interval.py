"""Checkpoint settings applied through a loop over a PRAGMA dict and through a
formatted string: `wal_autocheckpoint` 0 in the dict is reported and fixed in
place; a small positive interval (100 pages) checkpoints more often, which is a
choice, not a hazard; the project limits the WAL size, so no MONITOR finding."""
import sqlite3

CHECKPOINT_PAGES = 100

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "journal_size_limit": 67108864,
    "wal_autocheckpoint": 0,
}


def open_ingest(path):
    conn = sqlite3.connect(path, timeout=5.0)
    for name, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {name}={value}")
    return conn


def open_status(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
    return conn
