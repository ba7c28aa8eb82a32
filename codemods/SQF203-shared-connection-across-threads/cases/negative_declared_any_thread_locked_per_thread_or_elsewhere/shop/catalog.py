"""Used only by the command-line program, which starts no thread; the threads
of the project run in tools/crawl.py, which never loads this module."""
import sqlite3


class Catalog:
    def __init__(self, path):
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._cur = self._db.cursor()

    def add(self, sku, name):
        self._cur.execute("INSERT INTO items (sku, name) VALUES (?, ?)", (sku, name))
        self._db.commit()

    def names(self):
        return [r[0] for r in self._cur.execute("SELECT name FROM items")]
