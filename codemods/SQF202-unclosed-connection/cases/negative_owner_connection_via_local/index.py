"""The same kind of index, built once for the process, or closed by its class."""

import sqlite3


def build_tables(db, rows):
    db.execute("CREATE TABLE words (word TEXT, n INTEGER)")
    db.executemany("INSERT INTO words VALUES (?, ?)", rows)


class WordIndex:
    def __init__(self, rows):
        db = sqlite3.connect(":memory:")
        build_tables(db, rows)
        self._db = db

    def count(self, word):
        row = self._db.execute("SELECT n FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else 0


class ClosedIndex:
    def __init__(self, path):
        db = sqlite3.connect(path)
        build_tables(db, [])
        self._idx = db

    def has(self, word):
        return self._idx.execute("SELECT 1 FROM words WHERE word = ?", (word,)).fetchone()

    def close(self):
        self._idx.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


INDEX = WordIndex([("a", 1)])
