"""A sign-up page whose every transaction is one statement: a request thread
inserts one row per form post, another request thread counts the rows. The
second party is real (Flask's request threads), so the pragma advice stays,
but a writer waits for at most one other statement, milliseconds inside the
5 s busy wait: reported as MONITOR at Low confidence, with a note saying why."""

import sqlite3

from flask import Flask, request

DB = "signups.db"
app = Flask(__name__)


@app.post("/signup")
def signup():
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT INTO signups (email) VALUES (?)", (request.form["email"],))
        conn.commit()
    finally:
        conn.close()
    return "thanks"


@app.get("/count")
def count():
    conn = sqlite3.connect(DB)
    try:
        (n,) = conn.execute("SELECT count(*) FROM signups").fetchone()
    finally:
        conn.close()
    return {"signups": n}
