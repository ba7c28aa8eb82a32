"""A command-line tool whose store passes an expression for check_same_thread
and reconnects on errors, but runs every call on the main thread: nothing to
share."""
import sqlite3
import sys


class Store:
    def __init__(self, path):
        self.path = path
        self.db = None
        self._connect()

    def _connect(self):
        if self.db is not None:
            self.db.close()
        self.db = sqlite3.connect(self.path, check_same_thread=(self.path == ":memory:"), timeout=5)

    def _execute(self, sql, params=()):
        try:
            return self.db.execute(sql, params)
        except sqlite3.OperationalError:
            self._connect()
            return self.db.execute(sql, params)

    def add(self, key):
        self._execute("INSERT INTO items (key) VALUES (?)", (key,))
        self.db.commit()

    def count(self):
        return self._execute("SELECT count(*) FROM items").fetchone()[0]


def main():
    store = Store(sys.argv[1])
    for key in sys.argv[2:]:
        store.add(key)
    print(store.count())


if __name__ == "__main__":
    main()
