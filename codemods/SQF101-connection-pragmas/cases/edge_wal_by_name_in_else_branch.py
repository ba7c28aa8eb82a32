"""WAL in the `else` branch of a test on the database's name: the name the
test accepts (the application's own file) gets no WAL. Reported, with the
test in a note; the fix, which turns WAL on for every file, is for review.
A second connection, to another folder, that sets WAL on every path is not
reported."""
import os
import sqlite3
import threading

DATA_DIR = "/var/lib/app"
ARCHIVE_DIR = "/var/lib/app/archive"


def connect(name):
    conn = sqlite3.connect(os.path.join(DATA_DIR, name + ".db"), timeout=60)
    if name == "own":
        conn.execute("PRAGMA foreign_keys=ON")
    else:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def connect_everywhere(name):
    conn = sqlite3.connect(os.path.join(ARCHIVE_DIR, name + ".db"), timeout=60)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def record(name, value):
    conn = connect(name)
    conn.execute("INSERT INTO events VALUES (?)", (value,))
    conn.commit()
    other = connect_everywhere(name)
    other.execute("INSERT INTO events VALUES (?)", (value,))
    other.commit()


def start():
    for n in range(4):
        threading.Thread(target=record, args=("own", n)).start()
