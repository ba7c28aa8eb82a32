"""The dashboard, served by gunicorn beside the worker: it retires old runs."""

import sqlite3

from flask import Flask, jsonify

from .history import DB_FILE

app = Flask(__name__)


@app.post("/runs/retire")
def retire():
    conn = sqlite3.connect(DB_FILE)
    with conn:
        conn.execute("DELETE FROM build_runs WHERE state != 'running' AND started < date('now', '-30 day')")
    conn.close()
    return jsonify(ok=True)
