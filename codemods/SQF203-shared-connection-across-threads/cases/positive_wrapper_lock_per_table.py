"""A metrics recorder keeps one table wrapper per kind of sample. Every
wrapper is handed the one process-wide connection and guards its own cursor
with a lock it creates itself, so the samples and the traces written by two
sampler threads reach the connection through two different locks."""
import sqlite3
import threading

DB = sqlite3.connect("metrics.db", check_same_thread=False)


class SampleTable:
    def __init__(self, db, table):
        self.table = table
        self.cursor = db.cursor()
        self.mutex = threading.Lock()
        self.db = db

    def add(self, name, value):
        with self.mutex:
            self.cursor.execute(
                f"INSERT INTO {self.table} (name, value) VALUES (?, ?)", (name, value)
            )
            self.db.commit()

    def latest(self, name):
        with self.mutex:
            self.cursor.execute(
                f"SELECT value FROM {self.table} WHERE name = ? ORDER BY rowid DESC", (name,)
            )
            return self.cursor.fetchone()


samples = SampleTable(DB, "samples")
traces = SampleTable(DB, "traces")


def sample_loop(name):
    while True:
        samples.add(name, 1.0)
        traces.add(name, 0.5)


def start():
    for name in ("cpu", "disk"):
        threading.Thread(target=sample_loop, args=(name,), daemon=True).start()
