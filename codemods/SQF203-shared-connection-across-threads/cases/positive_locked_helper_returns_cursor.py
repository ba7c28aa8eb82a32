"""A task database shared by a scheduler thread and the web views: every helper
takes the class's lock, but three of them run their SELECT under it and hand
the cursor back, so the rows are read after the lock is released while the
other threads write on the same connection."""
import sqlite3
import threading
import time

from flask import Flask, jsonify

app = Flask(__name__)


class TaskDB:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def query(self, sql, params=()):
        with self.lock:
            cur = self.conn.cursor()
            cur.execute(sql, params)
            return cur

    def due(self, now):
        with self.lock:
            return self.conn.execute("SELECT id, name FROM tasks WHERE due <= ?", (now,))

    def by_owner(self, owner):
        with self.lock:
            cur = self.conn.execute("SELECT id, name FROM tasks WHERE owner = ?", (owner,))
            return cur

    def finish(self, task_id):
        with self.lock:
            self.conn.execute("UPDATE tasks SET done = 1 WHERE id = ?", (task_id,))
            self.conn.commit()


tasks = TaskDB("tasks.db")


@app.route("/tasks/<owner>")
def owned(owner):
    return jsonify([{"id": i, "name": n} for i, n in tasks.by_owner(owner)])


@app.route("/tasks")
def everything():
    return jsonify(list(tasks.query("SELECT id, name FROM tasks")))


def scheduler():
    while True:
        for task_id, _name in tasks.due(time.time()):
            tasks.finish(task_id)
        time.sleep(5)


threading.Thread(target=scheduler, daemon=True).start()
