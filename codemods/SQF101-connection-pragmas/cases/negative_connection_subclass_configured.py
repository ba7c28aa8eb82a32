"""`sqlite3.Connection` subclasses that configure every instance: one runs
WAL and synchronous=NORMAL right after `super().__init__`, the other calls the
base `__init__` by name and sets both through a cursor of itself."""
import sqlite3
import threading


class Journal(sqlite3.Connection):
    def __init__(self, path):
        super().__init__(path, timeout=15)
        self.execute("PRAGMA journal_mode=WAL")
        self.execute("PRAGMA synchronous=NORMAL")


class Archive(sqlite3.Connection):
    def __init__(self, path):
        sqlite3.Connection.__init__(self, path, timeout=15)
        cur = self.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")


def write(path, line):
    conn = Journal(path)
    with conn:
        conn.execute("INSERT INTO lines(text) VALUES (?)", (line,))
    conn.close()


def start(path):
    for n in range(4):
        threading.Thread(target=write, args=(path, str(n))).start()
