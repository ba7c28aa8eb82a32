# composes: SQF305, SQF303, SQF202
# A counter read then written back from worker threads: BEGIN IMMEDIATE, the
# write lock and closing() all wrap the same transaction.
import sqlite3
import threading

DB_PATH = "stats.db"


def _connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def bump(name):
    conn = _connect()
    row = conn.execute("SELECT value FROM stats WHERE name = ?", (name,)).fetchone()
    value = (row[0] if row else 0) + 1
    conn.execute("UPDATE stats SET value = ? WHERE name = ?", (value, name))
    conn.execute("INSERT INTO bumps (name) VALUES (?)", (name,))
    conn.commit()
    conn.close()


def run(names):
    threads = [threading.Thread(target=bump, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
