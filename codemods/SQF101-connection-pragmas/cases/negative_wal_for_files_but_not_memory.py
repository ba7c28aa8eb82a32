"""WAL under a test that only leaves out the in-memory database (where WAL
cannot apply), and WAL set when the file is new (it persists in the file):
both connections have WAL on every file they open."""
import os
import sqlite3
import threading

MEMORY = ":memory:"


def open_db(path):
    conn = sqlite3.connect(path, timeout=30)
    if path != MEMORY:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def open_archive(path):
    new = not os.path.exists(path)
    conn = sqlite3.connect(path, timeout=30)
    if not os.path.exists(path) or new:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def save(path, row):
    conn = open_db(path)
    conn.execute("INSERT INTO t VALUES (?)", (row,))
    conn.commit()
    archive = open_archive(path + ".archive")
    archive.execute("INSERT INTO t VALUES (?)", (row,))
    archive.commit()


def start(path):
    for row in range(4):
        threading.Thread(target=save, args=(path, row)).start()
