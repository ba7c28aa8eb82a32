import sqlite3


class Database:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def initialize(self):
        self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def lookup(self, key):
        return self.conn.execute("SELECT v FROM keys WHERE k = ?", (key,)).fetchone()

    def close(self):
        if self.conn is not None:
            self.conn.close()
