"""Edge: a Flask sign-up service keeps one connection for the whole program,
built by a factory at import with check_same_thread=False, and every request
thread writes through it (two statements per sign-up). Threads on one
connection never wait in SQLite's busy handler, but the factory can hand out
a new connection on every call, so the project is not known to have only this
one (semantic::sole_connection) and the finding stays. The same connection
opened by `sqlite3.connect` at import, with no factory, is not reported
(edge_shared_flag_thread_uses_it.py)."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)
DB_PATH = "signups.db"


def connect_db():
    conn = sqlite3.connect(DB_PATH, check_same_thread=False)
    return conn


client = connect_db()


def save_member(handle, email):
    client.execute("INSERT OR REPLACE INTO members (handle, email) VALUES (?, ?)", (handle, email))
    client.execute("UPDATE counters SET members = members + 1 WHERE id = 1")
    client.commit()


@app.post("/join")
def join():
    save_member(request.form["handle"], request.form["email"])
    return "ok"


if __name__ == "__main__":
    app.run(threaded=True)
