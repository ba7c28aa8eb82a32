"""The dependency's opener is also called by a background thread that keeps its
own connection: `check_same_thread=False` in the opener would be a promise for
that caller too, so the finding is advice only."""
import sqlite3
import threading
import time

from fastapi import Depends, FastAPI

app = FastAPI()


def open_db():
    conn = sqlite3.connect("events.db", timeout=5)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def get_conn():
    conn = open_db()
    try:
        yield conn
    finally:
        conn.close()


def sweeper():
    conn = open_db()
    while True:
        conn.execute("DELETE FROM events WHERE ts < strftime('%s','now') - 86400")
        conn.commit()
        time.sleep(60)


threading.Thread(target=sweeper, daemon=True).start()


@app.get("/events")
def events(conn=Depends(get_conn)):
    return conn.execute("SELECT id FROM events").fetchall()
