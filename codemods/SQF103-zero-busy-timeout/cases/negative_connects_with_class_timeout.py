"""Every connect of the class passes its timeout, or the other connects open an
in-memory or a different named database, or the class's timeout is Python's default."""
import sqlite3
import threading


class Store:
    def __init__(self, path, timeout=30):
        self.path = path
        self.timeout = timeout

    def reader(self):
        return sqlite3.connect(self.path, timeout=self.timeout)

    def writer(self):
        return sqlite3.connect(self.path, self.timeout)

    def scratch(self):
        return sqlite3.connect(":memory:")


class TwoFiles:
    def main(self):
        return sqlite3.connect("main.db", timeout=60)

    def stats(self):
        return sqlite3.connect("stats.db")


class Defaults:
    def a(self):
        return sqlite3.connect("x.db", timeout=5)

    def b(self):
        return sqlite3.connect("x.db")


threading.Thread(target=lambda: Store("a.db").writer().execute("INSERT INTO t VALUES (1)")).start()
