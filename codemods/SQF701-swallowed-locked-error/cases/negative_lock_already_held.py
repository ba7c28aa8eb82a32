"""Deleting a record and its optional side tables in one transaction. The first
DELETE takes the write lock; the later ones cannot be "database is locked", so
their `except OperationalError` only skips tables an older install lacks."""
import sqlite3
import threading

DB = "notes.db"


def forget(conn: sqlite3.Connection, note_id: int) -> None:
    conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
    for table in ("note_vectors", "note_tags"):
        try:
            conn.execute(f"DELETE FROM {table} WHERE note_id = ?", (note_id,))
        except sqlite3.OperationalError:
            pass
    conn.commit()


def start() -> None:
    threading.Thread(target=forget, args=(sqlite3.connect(DB), 1)).start()
