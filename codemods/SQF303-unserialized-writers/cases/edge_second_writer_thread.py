"""The show tracker with a second writer: a backfill thread runs the same
select-then-insert dedupe beside the scraper thread. Two threads now write the
table, so the writes need ordering and the read-then-write can insert a row
twice: reported."""

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


def backfill():
    conn = sqlite3.connect(DB, timeout=30)
    for show, score in fetch_scores():
        record(conn, show, score)


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
    threading.Thread(target=backfill, daemon=True).start()
    app.run()
