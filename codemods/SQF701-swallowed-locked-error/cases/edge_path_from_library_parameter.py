"""A library's cache: the file is whatever path its caller passes, and callers
outside the project make as many Cache objects (connections) as they like on
it. Unknown, so the swallowed write is still reported."""
import sqlite3


class Cache:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def put(self, key, value):
        try:
            self.conn.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, value))
            self.conn.commit()
        except sqlite3.OperationalError:
            pass
