import sqlite3


class Index:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def rebuild(self, paths):
        self.conn.execute("DELETE FROM files")
        self.conn.executemany("INSERT INTO files VALUES (?)", [(p,) for p in paths])
        self.conn.commit()
