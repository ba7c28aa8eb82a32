"""A local memory server: the only program that opens memory.db, with one
connection for the process lifetime (one Memory object made at import), its
writes serialized by a lock. Scheduler jobs wrap each pass in
`except Exception: log` and run again on the next tick. Threads share the one
connection; nothing else opens the file, so "database is locked" cannot occur."""
import logging
import sqlite3
import threading

from apscheduler.schedulers.background import BackgroundScheduler
from fastapi import FastAPI

log = logging.getLogger(__name__)


class Memory:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.lock = threading.RLock()

    def remember(self, text):
        with self.lock:
            self.conn.execute("INSERT INTO memories (text) VALUES (?)", (text,))
            self.conn.commit()


memory = Memory("memory.db")
app = FastAPI()
scheduler = BackgroundScheduler()


def decay():
    try:
        with memory.lock:
            memory.conn.execute("UPDATE memories SET weight = weight * 0.9")
            memory.conn.commit()
    except Exception as e:
        log.warning("decay pass failed: %s", e)


def consolidate():
    try:
        memory.remember("summary")
    except Exception as e:
        log.warning("consolidation failed: %s", e)


scheduler.add_job(decay, "interval", minutes=5)
scheduler.add_job(consolidate, "interval", minutes=30)
scheduler.start()


@app.post("/memories")
def add(text: str):
    memory.remember(text)
    return {"ok": True}
