"""An index built per request keeps an in-memory database filled by a module
function; nothing closes it."""

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


class FileIndex:
    def __init__(self, path):
        db = sqlite3.connect(path)
        build_tables(db, [])
        self._files = db

    def has(self, word):
        return self._files.execute("SELECT 1 FROM words WHERE word = ?", (word,)).fetchone()
