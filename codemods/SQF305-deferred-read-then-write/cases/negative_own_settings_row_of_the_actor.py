"""A settings page: the signed-in user's preferences row is read by their own
id from the session, a flag is flipped from what was read, and the row is
written back by the same id. Only that user edits the row; the only overlap
is the same person submitting twice at once, and either result is their own
choice. One editor: not reported."""

import sqlite3

from flask import Flask, redirect, session

app = Flask(__name__)


def db():
    return sqlite3.connect("prefs.db")


@app.post("/settings/toggle-digest")
def toggle_digest():
    conn = db()
    uid = session["user_id"]
    row = conn.execute("SELECT digest FROM prefs WHERE user_id = ?", (uid,)).fetchone()
    conn.execute("UPDATE prefs SET digest = ? WHERE user_id = ?", (0 if row[0] else 1, uid))
    conn.commit()
    return redirect("/settings")


if __name__ == "__main__":
    app.run(threaded=True)
