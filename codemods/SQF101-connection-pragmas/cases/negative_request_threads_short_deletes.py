"""A small notes service: each route opens its own connection, runs one
statement (an insert, a delete of one user's expired notes, a lookup) and
commits at once. Its only other parties are the request threads of the same
process, so no writer waits longer than one short statement: no pragma advice."""

import sqlite3

from flask import Flask, jsonify, request

NOTES_DB = "notes.sqlite3"
app = Flask(__name__)


@app.post("/notes")
def add_note():
    with sqlite3.connect(NOTES_DB) as db:
        db.execute(
            "INSERT INTO notes (owner, body) VALUES (?, ?)",
            (request.form["owner"], request.form["body"]),
        )
    return "", 201


@app.delete("/notes/<owner>/expired")
def purge(owner):
    db = sqlite3.connect(NOTES_DB)
    db.execute("DELETE FROM notes WHERE owner = ? AND expires < datetime('now')", (owner,))
    db.commit()
    db.close()
    return "", 204


@app.get("/notes/<owner>")
def list_notes(owner):
    db = sqlite3.connect(NOTES_DB)
    rows = db.execute("SELECT body FROM notes WHERE owner = ? LIMIT 50", (owner,)).fetchall()
    db.close()
    return jsonify([r[0] for r in rows])
