"""A note store that worker threads write to. Each connection waits 1 s by
default, and 20 s once configured."""
import sqlite3
import threading


def open_store(path):
    conn = sqlite3.connect(path, timeout=1.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=20000")
    return conn


def init(path):
    conn = sqlite3.connect(path, timeout=1.0)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()


def add(path, text):
    conn = open_store(path)
    with conn:
        conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    conn.close()


def notes(path):
    conn = open_store(path)
    rows = conn.execute("SELECT text FROM notes ORDER BY id").fetchall()
    conn.close()
    return [r[0] for r in rows]


def add_many(path, texts):
    threads = [threading.Thread(target=add, args=(path, t)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
