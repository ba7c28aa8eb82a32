"""A scraper-plus-page program: `main()` creates the tables, then starts the
scraper thread and the web server. The table-creation connection is opened,
used and closed before anything else runs, so it has no second party and its
pragmas configure nothing anyone uses later: not reported there. The scraper's
hourly connection runs one write that cannot break a constraint: a failure is a
lock wait that ran out, one dropped handle per wait, so it is quiet too. The
page's connection, which runs a PRAGMA and a read, is reported."""

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
    conn = sqlite3.connect(DB, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    rows = conn.execute("SELECT show, score FROM scores").fetchall()
    conn.close()
    return {"scores": rows}


def main():
    create_tables()
    threading.Thread(target=scrape_forever, daemon=True).start()
    app.run()


if __name__ == "__main__":
    main()
