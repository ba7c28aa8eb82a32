"""A lock does not help a check_same_thread=True connection: the worker still
raises ProgrammingError on its first use, so the lock does not silence the finding."""

import sqlite3
import threading


class Counter:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)
        self._lock = threading.Lock()
        self._worker = threading.Thread(target=self.bump, daemon=True)

    def start(self):
        self._worker.start()

    def bump(self):
        with self._lock:
            self._conn.execute("UPDATE counter SET n = n + 1")
            self._conn.commit()


class Opener:
    """Opens the connection in the method that runs on the thread: fine."""

    def __init__(self, path):
        self.path = path
        self._worker = threading.Thread(target=self.bump, daemon=True)

    def bump(self):
        conn = sqlite3.connect(self.path)
        conn.execute("UPDATE counter SET n = n + 1")
        conn.commit()
        conn.close()
