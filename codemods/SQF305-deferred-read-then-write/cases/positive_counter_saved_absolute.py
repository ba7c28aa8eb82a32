"""A crawler's tally loads the page count when a crawl starts, adds to it as
pages come in, and saves the whole number back with INSERT OR REPLACE under a
file lock taken only for the save. The crawler runs as several worker
processes: each loads N, each saves N plus its own pages, and the last save
wins. Reported at the save, without a fix."""
import multiprocessing
import sqlite3

from filelock import FileLock


class Tally:
    def __init__(self, path, site):
        self.path = path
        self.site = site
        self.pages = 0

    def start(self):
        conn = sqlite3.connect(self.path, timeout=5)
        row = conn.execute("SELECT pages FROM tally WHERE site = ?", (self.site,)).fetchone()
        conn.close()
        self.pages = row[0] if row else 0

    def seen(self, n=1):
        self.pages += n

    def save(self):
        with FileLock(self.path + ".lock"):
            conn = sqlite3.connect(self.path, timeout=5)
            with conn:
                conn.execute(
                    "INSERT OR REPLACE INTO tally (site, pages) VALUES (?, ?)", (self.site, self.pages)
                )
            conn.close()


def crawl(site):
    tally = Tally("crawl.db", site)
    tally.start()
    for _ in range(100):
        tally.seen()
    tally.save()


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(crawl, ["example.org"] * 4)
