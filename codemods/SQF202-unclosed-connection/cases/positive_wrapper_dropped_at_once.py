"""A wrapper with a `close()` that a handler builds and drops after one call."""

import sqlite3


class Settings:
    def __init__(self, path):
        self.cx = sqlite3.connect(path)

    def get(self, key):
        row = self.cx.execute("SELECT v FROM settings WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def close(self):
        self.cx.close()


def theme(path):
    return Settings(path).get("theme")
