"""Document store for the upload pipeline, tuned from a blog post."""
import sqlite3

FAST_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "off",
    "temp_store": "memory",
}


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def connect_scripted(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.executescript(
        """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = 0;
        """
    )
    return conn


def connect_tuned(path):
    conn = sqlite3.connect(path, timeout=5.0)
    for name, value in FAST_PRAGMAS.items():
        conn.execute(f"PRAGMA {name}={value}")
    return conn
