"""An API that records its requests through one logger object, and a job store
shared by the routes and a job-runner thread. Each object opens its connection
with the thread check off and keeps one cursor on `self` for every caller: the
logger's `log()` runs from the before-request hook (one request thread each) and
from the runner, the store's `save()` from a route and from the runner."""
import sqlite3
import threading
import time

from flask import Flask, request

app = Flask(__name__)


class RequestLogger:
    def __init__(self, path="requests.db"):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.conn.cursor()
        self.cursor.execute("CREATE TABLE IF NOT EXISTS entries (at REAL, what TEXT, detail TEXT)")
        self.conn.commit()

    def log(self, what, detail=""):
        self.cursor.execute("INSERT INTO entries VALUES (?, ?, ?)", (time.time(), what, detail))
        self.conn.commit()


class JobStore:
    def __init__(self, path="jobs.db"):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.conn.cursor()

    def save(self, job_id, state):
        self.cursor.execute("INSERT OR REPLACE INTO jobs (id, state) VALUES (?, ?)", (job_id, state))
        self.conn.commit()

    def waiting(self):
        self.cursor.execute("SELECT id FROM jobs WHERE state = 'waiting'")
        return [row[0] for row in self.cursor.fetchall()]


logger = RequestLogger()
store = JobStore()


@app.before_request
def record():
    if request.path.startswith("/api/"):
        logger.log(request.path)


@app.route("/api/jobs/<job_id>", methods=["POST"])
def enqueue(job_id):
    store.save(job_id, "waiting")
    return "queued"


def runner():
    while True:
        for job_id in store.waiting():
            logger.log("run", job_id)
            store.save(job_id, "done")
        time.sleep(1)


threading.Thread(target=runner, daemon=True).start()
