"""The ticket desk shows the largest ticket number on its status page and
stores tickets with numbers SQLite assigns (an INTEGER PRIMARY KEY left out of
the INSERT): the maximum is only displayed, nothing written comes from it."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def db() -> sqlite3.Connection:
    return sqlite3.connect("desk.db", timeout=30)


@app.get("/status")
def status():
    conn = db()
    try:
        top = conn.execute("SELECT max(number) FROM tickets").fetchone()[0] or 0
    finally:
        conn.close()
    return {"latest": top}


@app.post("/tickets")
def open_ticket():
    conn = db()
    try:
        cur = conn.execute("INSERT INTO tickets (title) VALUES (?)", (request.form["title"],))
        conn.commit()
    finally:
        conn.close()
    return {"number": cur.lastrowid}
