"""A Flask ticket desk numbers each new ticket as the largest number stored plus
one, read with sqlite3 before the INSERT that uses it. Flask serves requests on
threads: two requests read the same maximum and insert the same number (the
second fails on the primary key, or both rows share it). The note also
suggests letting SQLite number the rows or doing it in one statement."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def db() -> sqlite3.Connection:
    return sqlite3.connect("desk.db", timeout=30)


@app.post("/tickets")
def open_ticket():
    conn = db()
    try:
        top = conn.execute("SELECT max(number) FROM tickets").fetchone()[0] or 0
        conn.execute(
            "INSERT INTO tickets (number, title) VALUES (?, ?)",
            (top + 1, request.form["title"]),
        )
        conn.commit()
    finally:
        conn.close()
    return {"number": top + 1}
