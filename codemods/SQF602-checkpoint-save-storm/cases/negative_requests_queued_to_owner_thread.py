"""Every statement goes through one thread that owns the connection: `submit`
puts the request on that thread's queue and returns a future. A loop of
submits queues requests for the one owner; no thread starts per item, and the
writes run one after the other."""

import queue
import sqlite3
import threading
from concurrent.futures import Future


class Writer:
    def __init__(self, path):
        self.path = path
        self.requests = queue.Queue()
        threading.Thread(target=self._own, daemon=True).start()

    def _own(self):
        conn = sqlite3.connect(self.path)
        while True:
            fn, args, future = self.requests.get()
            try:
                future.set_result(fn(conn, *args))
            except Exception as exc:
                future.set_exception(exc)

    def submit(self, fn, *args):
        future = Future()
        self.requests.put((fn, args, future))
        return future


def save_reading(conn, reading):
    with conn:
        conn.execute("INSERT INTO readings (value) VALUES (?)", (reading,))


writer = Writer("sensors.db")


def import_readings(readings):
    for reading in readings:
        writer.submit(save_reading, reading)
