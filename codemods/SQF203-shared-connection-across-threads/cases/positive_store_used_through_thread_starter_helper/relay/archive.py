import sqlite3


class Archive:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def keep(self, message):
        self.conn.execute("INSERT INTO kept (body) VALUES (?)", (message,))
        self.conn.commit()
