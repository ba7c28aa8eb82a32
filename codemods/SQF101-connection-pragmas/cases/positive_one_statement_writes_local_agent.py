"""A local agent server for one user: routes on the server's request threads
each insert one row and commit, and a page reads one count. A second party
exists (the request threads), so the advice stays, but no writer waits long:
each holds the lock for one statement, inside the 5 s default busy wait, and
no other process opens the file. Reported as MONITOR at Low confidence, with
that reason in the note."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)
DB = "agent_memory.db"


@app.post("/memory")
def remember():
    text = request.form["text"]
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT INTO memory (text) VALUES (?)", (text,))
        conn.commit()
    finally:
        conn.close()
    return {"ok": True}


@app.get("/memory/count")
def count():
    conn = sqlite3.connect(DB)
    try:
        (n,) = conn.execute("SELECT count(*) FROM memory").fetchone()
    finally:
        conn.close()
    return {"count": n}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8765, threaded=True)
