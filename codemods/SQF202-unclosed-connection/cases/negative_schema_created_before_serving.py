"""Table creation at start, before the worker thread and the server start: the
connection is committed and dropped (never closed) once, while nothing else
runs; it holds no lock after the commit and costs one descriptor once. Not
reported. (The same function called per request would be.)"""

import sqlite3
import threading

from flask import Flask

DB = "jobs.db"
app = Flask(__name__)


def init_db():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, state TEXT)")
    conn.commit()


def worker():
    conn = sqlite3.connect(DB, timeout=30)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("UPDATE jobs SET state = 'done' WHERE state = 'queued'")
        conn.commit()
    finally:
        conn.close()


@app.route("/jobs")
def jobs():
    conn = sqlite3.connect(DB, timeout=30)
    try:
        return {"jobs": conn.execute("SELECT id, state FROM jobs").fetchall()}
    finally:
        conn.close()


if __name__ == "__main__":
    init_db()
    threading.Thread(target=worker, daemon=True).start()
    app.run(threaded=True)
