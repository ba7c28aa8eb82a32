"""A scraper-plus-page program with no pragma anywhere: `main()` creates the
tables, then starts the scraper thread and the web server. The table-creation
connection is opened, used and closed before anything else runs: no second
party, and its pragmas would configure nothing used later, so that site is not
reported. The scraper's per-row connection meets the request threads, but the
scraper is the file's one writer and commits one statement an hour: the
request threads' reads wait at most for it, inside the default 5 s busy wait,
so it is not reported either."""

import sqlite3
import threading
import time

from flask import Flask

DB = "scores.db"
app = Flask(__name__)


def create_tables():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS scores (show TEXT PRIMARY KEY, score REAL)")
    conn.commit()
    conn.close()


def scrape_forever():
    while True:
        conn = sqlite3.connect(DB)
        conn.execute("INSERT OR REPLACE INTO scores VALUES (?, ?)", ("x", time.time()))
        conn.commit()
        conn.close()
        time.sleep(3600)


@app.route("/")
def page():
    conn = sqlite3.connect(DB)
    rows = conn.execute("SELECT show, score FROM scores").fetchall()
    conn.close()
    return {"scores": rows}


def main():
    create_tables()
    threading.Thread(target=scrape_forever, daemon=True).start()
    app.run()


if __name__ == "__main__":
    main()
