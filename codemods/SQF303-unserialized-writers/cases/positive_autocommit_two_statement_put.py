"""A key-value store on one autocommit connection shared by worker threads.
`put` replaces a value with two statements, each committed on its own, so a
reader on another thread can find the key missing between them; `forget` is
one statement and needs nothing."""
import sqlite3
import threading

conn = sqlite3.connect("kv.db", check_same_thread=False, isolation_level=None)
conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)")
reader = sqlite3.connect("kv.db", check_same_thread=False)


def forget(key):
    conn.execute("DELETE FROM kv WHERE k = ?", (key,))


def put(key, value):
    conn.execute("DELETE FROM kv WHERE k = ?", (key,))
    conn.execute("INSERT INTO kv (k, v) VALUES (?, ?)", (key, value))


def get(key):
    row = reader.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
    return row[0] if row else None


def worker(n):
    for i in range(100):
        put(f"k{i}", str(n))
        get(f"k{i}")
        forget(f"k{i + 1}")


for n in range(4):
    threading.Thread(target=worker, args=(n,)).start()
