import sqlite3


class Database:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS votes (poll INTEGER, user INTEGER)")

    def cursor(self):
        return self.conn.cursor()

    def close(self):
        self.conn.close()
