"""A command-line exporter that connects on first use, with no lock and no
threads anywhere: the lazy connect is called from one thread only, so no
second open can replace the first (not reported). Its sibling below keeps a
lock for the threads that use it and is reported without any thread seen."""
import sqlite3
import threading


class Exporter:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def connect(self):
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def rows(self):
        self.connect()
        return self.conn.execute("SELECT * FROM items").fetchall()


class SharedExporter:
    def __init__(self, path):
        self.path = path
        self.conn = None
        self.guard = threading.Lock()

    def connect(self):
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def rows(self):
        self.connect()
        with self.guard:
            return self.conn.execute("SELECT * FROM items").fetchall()

