"""A connection per request with nothing but cheap settings: a busy timeout,
foreign keys on. A connect, a keyed query and a close take a fraction of a
millisecond; against a request that is noise, not a finding."""
import sqlite3

from flask import Flask

app = Flask(__name__)
DB = "links.db"


def connect():
    conn = sqlite3.connect(DB, timeout=5)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


@app.route("/<code>")
def resolve(code):
    conn = connect()
    try:
        row = conn.execute("SELECT url FROM links WHERE code = ?", (code,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else ("missing", 404)


@app.route("/stats")
def stats():
    conn = sqlite3.connect(DB)
    try:
        return str(conn.execute("SELECT count(*) FROM links").fetchone()[0])
    finally:
        conn.close()
