"""The one module that opens the notebook's database, through apsw. Two
command-line programs of the project load it, and an agent runs them back to
back or at once: each run is a process of its own with its own connection.
`_setup` switches the file to WAL but never sets a busy timeout, and apsw
waits 0 ms by default, so the PRAGMA itself, and every write after it, fail at
once with BusyError while the other program holds a lock."""
from pathlib import Path

import apsw

HOME = Path.home() / ".notebook"


def _setup(conn):
    cur = conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")


def open_store(name):
    conn = apsw.Connection(str(HOME / name / "notes.db"))
    _setup(conn)
    return conn


def add_note(conn, text):
    with conn:
        conn.execute("INSERT INTO notes (body) VALUES (?)", (text,))
