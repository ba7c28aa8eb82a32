import sqlite3


class SymbolIndex:
    def __init__(self, db_path):
        self.connection = sqlite3.connect(db_path)

    def search(self, name):
        return self.connection.execute("SELECT file FROM symbols WHERE name = ?", (name,)).fetchall()
