"""The same file through the same constant: WAL set in migrate.py is this database's."""
import sqlite3
import threading

from .config import DB_PATH


def record(x):
    conn = sqlite3.connect(DB_PATH, timeout=10)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("INSERT INTO events VALUES (?)", (x,))
    conn.commit()
    conn.close()


threading.Thread(target=record, args=(1,)).start()
