"""A recorder class keeps one connection and writes in its methods; nothing in
the project commits it, so the first write's transaction holds the write lock
for the life of the process."""
import sqlite3
import threading


class Recorder:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def record(self, name, value):
        self.conn.execute("INSERT INTO metrics (name, value) VALUES (?, ?)", (name, value))

    def forget(self, name):
        self.conn.execute("DELETE FROM metrics WHERE name = ?", (name,))


def start(recorder):
    threading.Thread(target=recorder.record, args=("boot", 1)).start()
