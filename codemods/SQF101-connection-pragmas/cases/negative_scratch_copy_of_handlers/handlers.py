import sqlite3

from flask import Blueprint, request

bp = Blueprint("notes", __name__)
DB = "notes.db"


def _connect():
    conn = sqlite3.connect(DB, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


@bp.post("/notes")
def add_note():
    conn = _connect()
    try:
        with conn:
            conn.execute("INSERT INTO notes (text) VALUES (?)", (request.form["text"],))
            conn.execute("UPDATE stats SET notes = notes + 1")
    finally:
        conn.close()
    return "ok"
