"""A sync loop that uses the helper from another module: a failed file leaves
the helper's transaction open, and the uploader thread's connection is locked
out until the next success."""
import sqlite3
import threading

from db import transaction


def record(path, digest):
    with transaction("record") as conn:
        conn.execute("INSERT INTO files VALUES (?, ?)", (path, digest))


def uploader():
    own = sqlite3.connect("sync.db", timeout=5)
    own.execute("UPDATE files SET uploaded = 1")
    own.commit()


threading.Thread(target=uploader, daemon=True).start()
