import sqlite3

DB_PATH = "memory.db"


class Store:
    def __init__(self, path=DB_PATH):
        self.conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def run(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()


store = Store()
