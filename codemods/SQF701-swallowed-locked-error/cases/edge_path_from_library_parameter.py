"""A library's key-value store: the file is whatever path its caller passes, and
callers outside the project make as many Store objects (connections) as they like
on it. Unknown, so the swallowed write is still reported. (Were the table a cache,
the lost row would only be a miss: negative_cache_table_writes.py.)"""
import sqlite3


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def put(self, key, value):
        try:
            self.conn.execute("INSERT OR REPLACE INTO items VALUES (?, ?)", (key, value))
            self.conn.commit()
        except sqlite3.OperationalError:
            pass
