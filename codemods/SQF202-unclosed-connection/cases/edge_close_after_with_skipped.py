"""The close after the `with` block does not run on every path: the block
returns before it, or the close sits in another branch."""

import sqlite3
import threading

DB_PATH = "notes.db"


def first_note():
    with sqlite3.connect(DB_PATH) as con:
        for row in con.execute("SELECT body FROM notes ORDER BY id"):
            return row[0]
    con.close()
    return None


def add_note(text, fast):
    if fast:
        with sqlite3.connect(DB_PATH) as con:
            con.execute("INSERT INTO notes (body) VALUES (?)", (text,))
    else:
        con = sqlite3.connect(DB_PATH)
        con.close()


def serve(requests):
    for r in requests:
        threading.Thread(target=add_note, args=(r, True)).start()
