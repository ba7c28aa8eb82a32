import sqlite3


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def count(self):
        return self.conn.execute("SELECT count(*) FROM items").fetchone()[0]
