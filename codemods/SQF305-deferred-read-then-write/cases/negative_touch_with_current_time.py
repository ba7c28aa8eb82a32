"""Sync FastAPI endpoints (run on the thread pool) that check a row, then stamp
it with the current time computed in Python: two concurrent calls both write a
current time, so neither overwrites the other with a stale value."""
import sqlite3
import time
from datetime import datetime, timezone

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "kiosk.db"


@app.get("/badges/{badge}/check")
def check_badge(badge: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT valid_until FROM badges WHERE badge = ?", (badge,)).fetchone()
    if not row or row[0] < time.time():
        conn.close()
        return False
    seen = datetime.now(timezone.utc).isoformat()
    conn.execute("UPDATE badges SET last_seen = ? WHERE badge = ?", (seen, badge))
    conn.commit()
    conn.close()
    return True


@app.get("/devices/{device}/ping")
def ping_device(device: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT enabled FROM devices WHERE name = ?", (device,)).fetchone()
    if row and row[0]:
        conn.execute("UPDATE devices SET pinged_at = ? WHERE name = ?", (int(time.time()), device))
        conn.commit()
    conn.close()
