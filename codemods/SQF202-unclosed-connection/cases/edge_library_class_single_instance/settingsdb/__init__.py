"""A library that keeps one settings store for the process's life, built at
import and never closed: one connection, given back when the process exits,
as for any connection kept for the process. Its class's `close()` is never
called, but no instance comes and goes. Not reported."""

import sqlite3


class Settings:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)

    def value(self, key):
        return self._conn.execute("SELECT v FROM settings WHERE k = ?", (key,)).fetchone()

    def close(self):
        self._conn.close()


_settings = Settings("settings.db")


def value(key):
    return _settings.value(key)
