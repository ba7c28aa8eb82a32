"""The same profiler store done right: one takes a lock around every
statement, one opens a cursor per call under a lock."""
import sqlite3
import threading
import time

from flask import Flask, g, jsonify, request


class LockedStorage:
    def __init__(self, path):
        self.connection = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.connection.cursor()
        self.lock = threading.Lock()

    def insert(self, name, elapsed):
        with self.lock:
            self.cursor.execute("INSERT INTO measurements VALUES (?, ?)", (name, elapsed))
            self.connection.commit()

    def summary(self):
        with self.lock:
            self.cursor.execute("SELECT name, avg(elapsed) FROM measurements GROUP BY name")
            return self.cursor.fetchall()


app = Flask(__name__)
storage = LockedStorage("profiler.db")


@app.before_request
def start_timer():
    g.started = time.time()


@app.after_request
def record(response):
    storage.insert(request.path, time.time() - g.started)
    return response


@app.route("/profiler/summary")
def summary():
    return jsonify(storage.summary())
