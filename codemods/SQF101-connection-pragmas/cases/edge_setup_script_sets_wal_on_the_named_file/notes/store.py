"""A hand-run setup script (scripts/, imported by nothing) switches the
service's named file to WAL, which the file keeps (F-wal-persists): the store's
connection is asked only for synchronous and a timeout. The scratch store opens
a file from its caller: the setup script's named file may be it, so WAL is not
asked there either; a benchmark's WAL on its own argument counts for neither
(developer-only code never runs where the service does)."""
import sqlite3
import threading

DB_PATH = "/var/lib/notes/notes.db"


def open_store():
    return sqlite3.connect(DB_PATH)


def open_scratch(path):
    return sqlite3.connect(path)


def add(text):
    conn = open_store()
    conn.execute("INSERT INTO notes (body) VALUES (?)", (text,))
    conn.commit()
    conn.close()


def add_scratch(path, text):
    conn = open_scratch(path)
    conn.execute("INSERT INTO notes (body) VALUES (?)", (text,))
    conn.commit()
    conn.close()


def serve(texts):
    for t in texts:
        threading.Thread(target=add, args=(t,)).start()
        threading.Thread(target=add_scratch, args=("/tmp/scratch.db", t)).start()
