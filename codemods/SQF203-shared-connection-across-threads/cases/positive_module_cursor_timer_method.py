"""Peer liveness: a one-shot `threading.Timer` re-armed by its own callback
marks stale peers every ten seconds on the module cursor, and a sync FastAPI
route reads the peers through the same cursor from the thread pool."""
import sqlite3
import threading
import time

from fastapi import FastAPI

app = FastAPI()


class Sweeper:
    def __init__(self, every=10.0):
        self.every = every

    def start(self):
        timer = threading.Timer(self.every, self.sweep)
        timer.daemon = True
        timer.start()

    def sweep(self):
        cur.execute("UPDATE peers SET alive = 0 WHERE seen < ?", (time.time() - 30,))
        conn.commit()
        self.start()


@app.get("/peers/{peer_id}")
def peer(peer_id: int):
    cur.execute("SELECT id, alive FROM peers WHERE id = ?", (peer_id,))
    return cur.fetchone()


conn = sqlite3.connect("peers.db", check_same_thread=False)
cur = conn.cursor()
Sweeper().start()
