"""A `with connect() as con:` block followed by the close: the block commits or
rolls back, the next statement closes. Only an exception inside the block skips
the close, and by then the block has rolled back, so no lock survives it."""

import sqlite3
import threading

DB_PATH = "notes.db"


def add_note(text):
    with sqlite3.connect(DB_PATH, detect_types=sqlite3.PARSE_DECLTYPES) as con:
        con.execute("INSERT INTO notes (body) VALUES (?)", (text,))
    if con:
        con.close()


def delete_note(note_id):
    with sqlite3.connect(DB_PATH) as con:
        con.execute("DELETE FROM notes WHERE id = ?", (note_id,))
    con.close()


def list_notes():
    rows = []
    with sqlite3.connect(DB_PATH) as con:
        for row in con.execute("SELECT id, body FROM notes"):
            rows.append(row)
    if con is not None:
        con.close()
    return rows


def rename_note(note_id, text):
    try:
        with sqlite3.connect(DB_PATH) as con:
            con.execute("UPDATE notes SET body = ? WHERE id = ?", (text, note_id))
            return True
    finally:
        con.close()


def serve(requests):
    for r in requests:
        threading.Thread(target=add_note, args=(r,)).start()
