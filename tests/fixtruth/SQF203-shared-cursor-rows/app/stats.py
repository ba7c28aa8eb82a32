import os
import sqlite3
import threading


class Stats:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cur = self.conn.cursor()
        self.cur.execute("CREATE TABLE IF NOT EXISTS hits (page TEXT, n INTEGER)")
        self.conn.commit()

    def bump(self, page, n):
        self.cur.execute("INSERT INTO hits VALUES (?, ?)", (page, n))
        self.conn.commit()

    def hits_of(self, page):
        self.cur.execute("SELECT n FROM hits WHERE page = ? ORDER BY n", (page,))
        return [row[0] for row in self.cur.fetchall()]


stats = Stats(os.environ.get("STATS_DB", "stats.db"))


def show(page):
    print(page, stats.hits_of(page))


def report(pages):
    threads = [threading.Thread(target=show, args=(page,)) for page in pages]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
