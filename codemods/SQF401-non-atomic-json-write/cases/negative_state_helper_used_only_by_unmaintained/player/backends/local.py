import sqlite3


class LocalBackend:
    def __init__(self):
        self.conn = sqlite3.connect("library.db")

    def poll(self):
        self.conn.execute("SELECT 1").fetchall()
