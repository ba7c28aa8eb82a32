import sqlite3


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def counts(self):
        return self.conn.execute("SELECT count(*) FROM items").fetchall()
