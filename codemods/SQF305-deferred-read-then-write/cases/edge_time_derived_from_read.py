"""Sync FastAPI endpoints (run on the thread pool) that read a row and write a
time computed from what they read (an expiry pushed forward from the stored
one), or a counter beside the current time: a concurrent call's update is lost,
so both stay reported."""
import sqlite3
from datetime import datetime, timedelta

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "kiosk.db"


@app.post("/badges/{badge}/extend")
def extend_badge(badge: str, days: int):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT valid_until FROM badges WHERE badge = ?", (badge,)).fetchone()
    until = datetime.fromisoformat(row[0]) + timedelta(days=days)
    conn.execute("UPDATE badges SET valid_until = ? WHERE badge = ?", (until.isoformat(), badge))
    conn.commit()
    conn.close()


@app.post("/badges/{badge}/use")
def use_badge(badge: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT uses FROM badges WHERE badge = ?", (badge,)).fetchone()
    now = datetime.now().isoformat()
    conn.execute("UPDATE badges SET uses = ?, last_seen = ? WHERE badge = ?", (row[0] + 1, now, badge))
    conn.commit()
    conn.close()
