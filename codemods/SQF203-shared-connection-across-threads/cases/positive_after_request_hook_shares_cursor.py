"""A profiler keeps one store object for the app: its constructor opens
`sqlite3.connect(file, check_same_thread=False)` and one cursor. The
`after_request` hook inserts every request's timing through that cursor and
commits, and the dashboard view reads through the same cursor; Flask's server
runs requests on threads, so two requests interleave on one cursor and one
transaction with no lock."""
import sqlite3
import time

from flask import Flask, g, jsonify, request


class SqliteStorage:
    def __init__(self, path):
        self.connection = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.connection.cursor()
        self.cursor.execute("CREATE TABLE IF NOT EXISTS measurements (name TEXT, elapsed REAL)")

    def insert(self, name, elapsed):
        self.cursor.execute("INSERT INTO measurements VALUES (?, ?)", (name, elapsed))
        self.connection.commit()

    def summary(self):
        self.cursor.execute("SELECT name, avg(elapsed) FROM measurements GROUP BY name")
        return self.cursor.fetchall()


app = Flask(__name__)
storage = SqliteStorage("profiler.db")


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
