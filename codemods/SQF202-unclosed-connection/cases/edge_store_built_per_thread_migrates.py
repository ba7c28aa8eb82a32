"""The same store, but each crawler thread builds its own, so the constructor's
schema steps run on every thread while the others write: an exception there
leaves the migration's connection, with its write lock, to the garbage
collector while the other threads wait on it. Reported."""

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


def crawl(urls):
    store = BookmarkStore(DB)
    for url in urls:
        store.hit(url)


def main():
    for part in (["a", "b"], ["c", "d"]):
        threading.Thread(target=crawl, args=(part,)).start()


if __name__ == "__main__":
    main()
