"""The same tally, but the save adds what this run counted (`pages = pages +
?`) instead of writing its total: two runs' saves add up. Not reported."""
import multiprocessing
import sqlite3


class Tally:
    def __init__(self, path, site):
        self.path = path
        self.site = site
        self.pages = 0
        self.added = 0

    def start(self):
        conn = sqlite3.connect(self.path, timeout=5)
        row = conn.execute("SELECT pages FROM tally WHERE site = ?", (self.site,)).fetchone()
        conn.close()
        self.pages = row[0] if row else 0

    def seen(self, n=1):
        self.pages += n
        self.added += n

    def save(self):
        conn = sqlite3.connect(self.path, timeout=5)
        with conn:
            conn.execute(
                "UPDATE tally SET pages = pages + ? WHERE site = ?", (self.added, self.site)
            )
        conn.close()
        self.added = 0


def crawl(site):
    tally = Tally("crawl.db", site)
    tally.start()
    for _ in range(100):
        tally.seen()
    tally.save()


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(crawl, ["example.org"] * 4)
