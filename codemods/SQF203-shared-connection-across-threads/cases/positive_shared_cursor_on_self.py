"""One cursor kept on `self` and used by every thread that calls the object."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class Stats:
    """Counters written by the crawler threads and read by the reporter thread."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cur = self.conn.cursor()
        self.cur.execute("CREATE TABLE IF NOT EXISTS stats (name TEXT PRIMARY KEY, n INTEGER)")

    def bump(self, name):
        self.cur.execute("INSERT OR IGNORE INTO stats VALUES (?, 0)", (name,))
        self.cur.execute("UPDATE stats SET n = n + 1 WHERE name = ?", (name,))
        self.conn.commit()

    def top(self):
        self.cur.execute("SELECT name, n FROM stats ORDER BY n DESC LIMIT 10")
        return self.cur.fetchall()


class PageCache:
    """Opened with the default check_same_thread; every method goes through the one cursor."""

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.cur = self.db.cursor()

    def get(self, url):
        self.cur.execute("SELECT body FROM pages WHERE url = ?", (url,))
        row = self.cur.fetchone()
        return row[0] if row else None


stats = Stats("stats.db")
cache = PageCache("pages.db")


def crawl(url):
    if cache.get(url) is None:
        stats.bump(url)


def report_loop():
    print(stats.top())


def main(urls):
    threading.Thread(target=report_loop, daemon=True).start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(crawl, urls))
