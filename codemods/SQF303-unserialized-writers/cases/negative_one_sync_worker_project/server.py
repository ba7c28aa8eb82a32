"""A metrics collector deployed under gunicorn's default single sync worker
(Procfile): one request at a time in one process, and nothing else starts a
thread or another program. Each request opens its own connection and writes
two statements, but no second writer ever runs beside it."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)
DB_PATH = "metrics.db"


def insert_sample(host, value):
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT INTO samples (host, value) VALUES (?, ?)", (host, value))
    conn.execute("UPDATE hosts SET last_seen = CURRENT_TIMESTAMP WHERE name = ?", (host,))
    conn.commit()
    conn.close()


@app.post("/samples")
def receive():
    payload = request.get_json()
    insert_sample(payload["host"], payload["value"])
    return {"ok": True}
