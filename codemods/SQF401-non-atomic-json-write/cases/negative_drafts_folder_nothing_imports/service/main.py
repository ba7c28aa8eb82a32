"""The service: a Flask app that keeps its state in SQLite. Nothing it runs
imports the drafts parked in `trash/` and `unused/`."""
import sqlite3

from flask import Flask

app = Flask(__name__)


@app.route("/count")
def count():
    with sqlite3.connect("state.db") as conn:
        return str(conn.execute("SELECT count(*) FROM hits").fetchone()[0])
