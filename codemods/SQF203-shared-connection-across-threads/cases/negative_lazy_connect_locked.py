"""Lazy connects done safely: the open runs under the object's lock with an
early return when a connection exists, and every use takes the same lock. A
thread that opens a connection for itself in `run` and keeps it is fine too."""
import sqlite3
import threading


class Inventory:
    def __init__(self, path):
        self.path = path
        self.conn = None
        self.lock = threading.RLock()

    def _ensure(self):
        with self.lock:
            if self.conn is not None:
                return
            self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def count(self, sku):
        self._ensure()
        with self.lock:
            return self.conn.execute("SELECT n FROM stock WHERE sku = ?", (sku,)).fetchone()


class Collector(threading.Thread):
    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.conn = None

    def open(self):
        self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def run(self):
        self.open()
        while True:
            self.conn.execute("INSERT INTO ticks DEFAULT VALUES")
            self.conn.commit()


inventory = Inventory("inv.db")


def main():
    Collector("ticks.db").start()
    for sku in ("a", "b"):
        threading.Thread(target=inventory.count, args=(sku,)).start()
