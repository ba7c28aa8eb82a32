"""A show tracker: one scraper thread inserts the scores it has not seen yet
(select, then insert), and the Flask page only reads. The dedupe runs on that
one thread only, so no other writer can slip in between its read and its
write, and there is nothing to serialize. Not reported (SQF303, SQF305)."""

import sqlite3
import threading
import time

from flask import Flask

DB = "shows.db"
app = Flask(__name__)


def record(conn, show, score):
    seen = conn.execute("SELECT 1 FROM scores WHERE show = ? AND score = ?", (show, score)).fetchone()
    if seen is None:
        conn.execute("INSERT INTO scores (show, score) VALUES (?, ?)", (show, score))
        conn.commit()


def scrape_forever():
    conn = sqlite3.connect(DB, timeout=30)
    while True:
        for show, score in fetch_scores():
            record(conn, show, score)
        time.sleep(3600)


def fetch_scores():
    return [("x", 1.0)]


@app.route("/")
def page():
    conn = sqlite3.connect(DB, timeout=30)
    try:
        return {"scores": conn.execute("SELECT show, score FROM scores").fetchall()}
    finally:
        conn.close()


if __name__ == "__main__":
    threading.Thread(target=scrape_forever, daemon=True).start()
    app.run()
