"""A page cache its users build with a file path. It opens its connection in
`__init__` and offers `close()`, but no `with` support and no finaliser: a
user's code that raises between building the cache and closing it, or lets
the cache go out of scope, leaves the connection and its file handle open
until the cyclic garbage collector runs. Nothing in the package builds one;
its callers do."""

import sqlite3


class PageCache:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)
        self._conn.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, body TEXT)")

    def get(self, url):
        row = self._conn.execute("SELECT body FROM pages WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def put(self, url, body):
        with self._conn:
            self._conn.execute("INSERT OR REPLACE INTO pages VALUES (?, ?)", (url, body))

    def close(self):
        self._conn.close()
