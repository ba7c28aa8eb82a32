"""A single process-wide connection: MEDIUM, other processes and tools are locked out."""
import sqlite3

conn = sqlite3.connect("cache.db", timeout=5.0, check_same_thread=False)
conn.execute("PRAGMA locking_mode=EXCLUSIVE")


def put(key, value):
    conn.execute("INSERT OR REPLACE INTO cache (k, v) VALUES (?, ?)", (key, value))
    conn.commit()
