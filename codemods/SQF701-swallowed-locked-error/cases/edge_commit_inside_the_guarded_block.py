"""An earlier write holds the write lock, but the guarded block commits: in a
rollback journal the commit waits for readers and can still fail busy, so the
block is reported."""
import sqlite3
import threading

DB = "notes.db"


def rename(conn: sqlite3.Connection, note_id: int, title: str) -> None:
    conn.execute("UPDATE notes SET title = ? WHERE id = ?", (title, note_id))
    try:
        conn.execute("UPDATE note_index SET title = ? WHERE id = ?", (title, note_id))
        conn.commit()
    except sqlite3.OperationalError:
        pass


def start() -> None:
    threading.Thread(target=rename, args=(sqlite3.connect(DB), 1, "x")).start()
