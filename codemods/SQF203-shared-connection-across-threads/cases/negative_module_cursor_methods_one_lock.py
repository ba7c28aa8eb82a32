"""The same ticker and views, done right: the module keeps one lock beside the
connection, and the ticker's method and every view take it and run their
statements on a cursor of their own."""
import sqlite3
import threading
import time

from flask import Flask, jsonify

app = Flask(__name__)


class HitCounter:
    def __init__(self):
        self.pending = {}
        self.lock = threading.Lock()

    def start(self):
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            time.sleep(10)
            self.fold()

    def fold(self):
        with self.lock:
            batch, self.pending = self.pending, {}
        with db_lock:
            for page, n in batch.items():
                db.execute("UPDATE pages SET hits = hits + ? WHERE name = ?", (n, page))
            db.commit()


counter = HitCounter()


@app.route("/pages/<name>")
def page(name):
    with db_lock:
        row = db.execute("SELECT hits FROM pages WHERE name = ?", (name,)).fetchone()
    return jsonify({"page": name, "hits": row[0] if row else 0})


@app.route("/top")
def top():
    with db_lock:
        rows = db.execute("SELECT name, hits FROM pages ORDER BY hits DESC LIMIT 10").fetchall()
    return jsonify(rows)


db = sqlite3.connect("pages.db", check_same_thread=False)
db_lock = threading.Lock()
counter.start()
