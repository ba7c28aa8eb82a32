"""The cache is opened and used only on one executor's single thread."""
import sqlite3


class ResultCache:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def open(self):
        self.conn = sqlite3.connect(self.path)

    def get(self, key):
        row = self.conn.execute("SELECT v FROM results WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None
