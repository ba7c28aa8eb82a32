"""A single tally object whose every method, the ticker's and the ones the
views call, takes the object's own lock around the module cursor: one object,
one lock, so its users take turns. The object's lock is what serializes the
cursor here; no method is reported."""
import sqlite3
import threading
import time

from flask import Flask, jsonify

app = Flask(__name__)


class Tally:
    def __init__(self):
        self.lock = threading.Lock()

    def start(self):
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            time.sleep(10)
            self.decay()

    def decay(self):
        with self.lock:
            cursor.execute("UPDATE scores SET points = points * 0.9")
            db.commit()

    def score(self, name):
        with self.lock:
            cursor.execute("SELECT points FROM scores WHERE name = ?", (name,))
            return cursor.fetchone()


tally = Tally()


@app.route("/score/<name>")
def score(name):
    return jsonify(tally.score(name))


db = sqlite3.connect("scores.db", check_same_thread=False)
cursor = db.cursor()
tally.start()
