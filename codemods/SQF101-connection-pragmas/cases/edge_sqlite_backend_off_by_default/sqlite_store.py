"""The SQLite half of the storage layer: used only when db_type is sqlite."""
import sqlite3


class SQLiteStore:
    def __init__(self, path):
        self.path = path

    def add(self, name):
        conn = sqlite3.connect(self.path)
        conn.execute("INSERT INTO events (name) VALUES (?)", (name,))
        conn.commit()
        conn.close()
