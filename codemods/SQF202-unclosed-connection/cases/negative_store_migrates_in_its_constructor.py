"""The store object the service builds once in `main()`, before it starts its
worker threads, runs its schema steps from its constructor
(`self._migrate()`). The migration's connection is closed only on its success
path, but the constructor runs once, while nothing else of the program has the
file open. Not reported; the store's per-call writes close in `finally`."""

import sqlite3
import threading

DB = "bookmarks.db"


class BookmarkStore:
    def __init__(self, path):
        self.path = path
        self._migrate()

    def _migrate(self):
        conn = sqlite3.connect(self.path)
        conn.execute("CREATE TABLE IF NOT EXISTS marks (url TEXT PRIMARY KEY, hits INTEGER)")
        conn.execute("CREATE INDEX IF NOT EXISTS marks_hits ON marks (hits)")
        conn.commit()
        conn.close()

    def hit(self, url):
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("INSERT OR IGNORE INTO marks VALUES (?, 0)", (url,))
            conn.execute("UPDATE marks SET hits = hits + 1 WHERE url = ?", (url,))
            conn.commit()
        finally:
            conn.close()


def crawl(store, urls):
    for url in urls:
        store.hit(url)


def main():
    store = BookmarkStore(DB)
    for part in (["a", "b"], ["c", "d"]):
        threading.Thread(target=crawl, args=(store, part)).start()


if __name__ == "__main__":
    main()
