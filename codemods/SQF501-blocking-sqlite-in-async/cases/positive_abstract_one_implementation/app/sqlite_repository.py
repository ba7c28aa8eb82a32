import sqlite3

from .repository import Repository


class SqliteRepository(Repository):
    def __init__(self, path):
        self.path = path

    def all(self):
        with sqlite3.connect(self.path) as conn:
            return conn.execute("SELECT * FROM tasks").fetchall()
