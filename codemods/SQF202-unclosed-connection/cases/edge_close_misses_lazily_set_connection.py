"""The connection is set only when first used, so `close()` cannot close it
unconditionally: reported with advice and no patch."""
import sqlite3


class Lazy:
    def __init__(self, path):
        self.path = path
        self.out = open(path + ".log", "a")

    def db(self):
        if not hasattr(self, "lazy_conn"):
            self.lazy_conn = sqlite3.connect(self.path)
        return self.lazy_conn.cursor()

    def close(self):
        self.out.close()
