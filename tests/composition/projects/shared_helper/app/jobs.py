import sqlite3
import threading

from app import store


def record(name):
    conn = sqlite3.connect(store.DB_PATH)
    try:
        with conn:
            conn.execute("INSERT INTO events (name) VALUES (?)", (name + "-job",))
    finally:
        conn.close()
    store.save(name)


def run(names):
    threads = [threading.Thread(target=record, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
