"""The same logger, done right: one lock per object, and each call runs its
statement on a cursor of its own while holding it."""
import sqlite3
import threading
import time

from flask import Flask, request

app = Flask(__name__)


class RequestLogger:
    def __init__(self, path="requests.db"):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def log(self, what, detail=""):
        with self.lock:
            self.conn.execute("INSERT INTO entries VALUES (?, ?, ?)", (time.time(), what, detail))
            self.conn.commit()

    def recent(self):
        with self.lock:
            return self.conn.execute("SELECT * FROM entries ORDER BY at DESC LIMIT 20").fetchall()


logger = RequestLogger()


@app.before_request
def record():
    logger.log(request.path)


def janitor():
    while True:
        logger.log("sweep")
        time.sleep(60)


threading.Thread(target=janitor, daemon=True).start()
