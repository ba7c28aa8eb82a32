"""Page counters: a ticker thread folds the hits into the table every ten
seconds through the module's one cursor, holding the counter object's own lock
(which guards its dict, not the cursor), while the Flask views look rows up on
the same cursor with no lock. The connection and its cursor are made at the end
of the module, after the class and the views that use them."""
import sqlite3
import threading
import time

from flask import Flask, jsonify

app = Flask(__name__)


class HitCounter:
    """Counts in memory; `fold` writes the counts out on a background thread."""

    def __init__(self):
        self.pending = {}
        self.lock = threading.Lock()

    def start(self):
        threading.Thread(target=self.run, daemon=True).start()

    def add(self, page):
        with self.lock:
            self.pending[page] = self.pending.get(page, 0) + 1

    def run(self):
        while True:
            time.sleep(10)
            self.fold()

    def fold(self):
        with self.lock:
            for page, n in self.pending.items():
                cursor.execute("SELECT hits FROM pages WHERE name = ?", (page,))
                row = cursor.fetchone()
                if row is None:
                    cursor.execute("INSERT INTO pages (name, hits) VALUES (?, ?)", (page, n))
                else:
                    cursor.execute("UPDATE pages SET hits = ? WHERE name = ?", (row[0] + n, page))
            self.pending = {}
            db.commit()


counter = HitCounter()


@app.route("/pages/<name>")
def page(name):
    counter.add(name)
    cursor.execute("SELECT hits FROM pages WHERE name = ?", (name,))
    row = cursor.fetchone()
    return jsonify({"page": name, "hits": row[0] if row else 0})


@app.route("/top")
def top():
    cursor.execute("SELECT name, hits FROM pages ORDER BY hits DESC LIMIT 10")
    return jsonify(cursor.fetchall())


db = sqlite3.connect("pages.db", check_same_thread=False)
cursor = db.cursor()
counter.start()
