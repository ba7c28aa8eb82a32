# One request at a time under gunicorn's default worker, but the app starts a
# thread that prunes old entries in long transactions: that thread is the
# second party of the request connections, and the finding names it.
import sqlite3
import threading
import time

from flask import Flask, request

app = Flask(__name__)
GUESTBOOK = "guestbook.db"


def open_book():
    return sqlite3.connect(GUESTBOOK)


def prune_forever():
    while True:
        conn = open_book()
        for (rowid,) in conn.execute("SELECT rowid FROM entries WHERE flagged = 1").fetchall():
            conn.execute("DELETE FROM entries WHERE rowid = ?", (rowid,))
            conn.execute("INSERT INTO audit (what) VALUES ('pruned')")
        conn.commit()
        conn.close()
        time.sleep(30)


threading.Thread(target=prune_forever, daemon=True).start()


@app.route("/sign", methods=["POST"])
def sign():
    conn = open_book()
    conn.execute("INSERT INTO entries (author, text) VALUES (?, ?)", (request.form["author"], request.form["text"]))
    conn.execute("UPDATE counters SET n = n + 1 WHERE name = 'entries'")
    conn.commit()
    conn.close()
    return "thanks"
