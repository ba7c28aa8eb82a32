"""A wrapper with a `close()`: callers close it, or the class closes it in `__del__`."""

import contextlib
import sqlite3


class Settings:
    def __init__(self, path):
        self.cx = sqlite3.connect(path)

    def get(self, key):
        row = self.cx.execute("SELECT v FROM settings WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def close(self):
        self.cx.close()


class Cached:
    def __init__(self, path):
        self.cx = sqlite3.connect(path)

    def get(self, key):
        return self.cx.execute("SELECT v FROM settings WHERE k = ?", (key,)).fetchone()

    def close(self):
        self.cx.close()

    def __del__(self):
        self.close()


def theme(path):
    with contextlib.closing(Settings(path)) as s:
        return s.get("theme")


def language(path):
    s = Settings(path)
    try:
        return s.get("language")
    finally:
        s.close()


def font(path):
    return Cached(path).get("font")
