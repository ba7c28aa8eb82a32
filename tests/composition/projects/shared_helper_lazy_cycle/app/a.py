import sqlite3
import threading

from app import b

DB_PATH = "lazy.db"


def init():
    conn = sqlite3.connect(DB_PATH)
    with conn:
        conn.execute("CREATE TABLE IF NOT EXISTS events (name TEXT)")
    conn.close()


def write(name):
    conn = sqlite3.connect(DB_PATH)
    try:
        with conn:
            conn.execute("INSERT INTO events (name) VALUES (?)", (name,))
    finally:
        conn.close()
    b.note(name)


def run(names):
    threads = [threading.Thread(target=write, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
