"""The task database done right: each helper reads its rows while it holds the
lock (`fetchall()`, `list(cur)`), so callers get a list, never a live cursor.
Below it, a store whose connection is per thread has nothing to share."""
import sqlite3
import threading
import time

from flask import Flask, jsonify

app = Flask(__name__)


class TaskDB:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def due(self, now):
        with self.lock:
            return self.conn.execute("SELECT id FROM tasks WHERE due <= ?", (now,)).fetchall()

    def by_owner(self, owner):
        with self.lock:
            cur = self.conn.execute("SELECT id, name FROM tasks WHERE owner = ?", (owner,))
            return list(cur)

    def finish(self, task_id):
        with self.lock:
            self.conn.execute("UPDATE tasks SET done = 1 WHERE id = ?", (task_id,))
            self.conn.commit()


class PerThread:
    """Every thread opens its own connection: a returned cursor is its own."""

    def __init__(self, path):
        self.path = path
        self.local = threading.local()
        self.lock = threading.Lock()

    def rows(self, sql):
        if not hasattr(self.local, "conn"):
            self.local.conn = sqlite3.connect(self.path)
        with self.lock:
            return self.local.conn.execute(sql)


tasks = TaskDB("tasks.db")
archive = PerThread("archive.db")


@app.route("/tasks/<owner>")
def owned(owner):
    return jsonify(tasks.by_owner(owner) + list(archive.rows("SELECT id, name FROM old")))


def scheduler():
    while True:
        for (task_id,) in tasks.due(time.time()):
            tasks.finish(task_id)
        time.sleep(5)


threading.Thread(target=scheduler, daemon=True).start()
