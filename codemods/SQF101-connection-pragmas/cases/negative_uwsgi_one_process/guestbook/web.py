# uWSGI runs one process with one thread (uwsgi.ini): one request at a time.
import sqlite3

from flask import Flask, request

app = Flask(__name__)
GUESTBOOK = "guestbook.db"


def open_book():
    return sqlite3.connect(GUESTBOOK)


@app.route("/sign", methods=["POST"])
def sign():
    conn = open_book()
    conn.execute("INSERT INTO entries (author, text) VALUES (?, ?)", (request.form["author"], request.form["text"]))
    conn.execute("UPDATE counters SET n = n + 1 WHERE name = 'entries'")
    conn.commit()
    conn.close()
    return "thanks"


@app.route("/")
def read():
    conn = open_book()
    rows = conn.execute("SELECT author, text FROM entries ORDER BY rowid DESC").fetchall()
    conn.close()
    return {"entries": rows}
