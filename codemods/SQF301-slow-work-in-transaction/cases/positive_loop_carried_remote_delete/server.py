"""The live notes service: every request writes notes.db."""
import sqlite3

import requests
from flask import Flask, request

app = Flask(__name__)
DB_FILE = "notes.db"
SEARCH = "http://search.internal:7700"


@app.post("/notes")
def add_note():
    conn = sqlite3.connect(DB_FILE)
    conn.execute("INSERT INTO notes (body) VALUES (?)", (request.json["body"],))
    conn.commit()
    conn.close()
    return {"ok": True}


@app.post("/reindex")
def reindex():
    # The lock taken by the first UPDATE is still held when the second
    # note's request goes out: the commit comes after the loop.
    conn = sqlite3.connect(DB_FILE)
    for (note_id, body) in conn.execute("SELECT id, body FROM notes").fetchall():
        requests.put(f"{SEARCH}/notes/{note_id}", json={"body": body}, timeout=10)
        conn.execute("UPDATE notes SET indexed = 1 WHERE id = ?", (note_id,))
    conn.commit()
    conn.close()
    return {"ok": True}


if __name__ == "__main__":
    app.run()
