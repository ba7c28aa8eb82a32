"""A wrapper whose connection is closed only in `__del__`: in CPython the
wrapper is not in the connection's reference cycle, so `__del__` runs when the
last reference goes and closes the connection then. Not reported."""

import sqlite3


class Lookup:
    def __init__(self, path):
        self._cx = sqlite3.connect(path)

    def get(self, key):
        return self._cx.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()

    def __del__(self):
        self._cx.close()


def handle(path, keys):
    return [Lookup(path).get(k) for k in keys]
