import sqlite3

from flask import Blueprint, Flask, request


bp = Blueprint("notes", __name__)
DB = "notes_v1.db"


@bp.post("/notes")
def add_note():
    conn = sqlite3.connect(DB)
    try:
        with conn:
            conn.execute("INSERT INTO notes (text) VALUES (?)", (request.form["text"],))
            conn.execute("UPDATE stats SET notes = notes + 1")
    finally:
        conn.close()
    return "ok"
