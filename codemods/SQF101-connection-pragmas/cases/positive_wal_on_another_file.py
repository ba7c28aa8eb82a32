"""WAL is a property of one database file: setting it on jobs.db says nothing
about cache.db, which two threads also write. Only cache.db's connection lacks it."""
import sqlite3
import threading


def jobs_connection():
    conn = sqlite3.connect("data/jobs.db", timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def cache_connection():
    conn = sqlite3.connect("data/cache.db", timeout=10)
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def fill_cache(key, value):
    conn = cache_connection()
    conn.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, value))
    conn.commit()
    conn.close()


threading.Thread(target=fill_cache, args=("a", "b")).start()
