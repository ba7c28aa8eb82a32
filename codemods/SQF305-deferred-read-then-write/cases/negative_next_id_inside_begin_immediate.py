"""The ticket desk takes the next number as max + 1 inside a transaction it
begins IMMEDIATE itself (autocommit mode, so Python sends no BEGIN of its
own): the write lock is held from before the read, and a second request waits
in the busy handler, then reads the new maximum."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def db() -> sqlite3.Connection:
    return sqlite3.connect("desk.db", timeout=30, isolation_level=None)


@app.post("/tickets")
def open_ticket():
    conn = db()
    try:
        conn.execute("BEGIN IMMEDIATE")
        top = conn.execute("SELECT max(number) FROM tickets").fetchone()[0] or 0
        conn.execute(
            "INSERT INTO tickets (number, title) VALUES (?, ?)",
            (top + 1, request.form["title"]),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return {"number": top + 1}
