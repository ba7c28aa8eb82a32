"""A download log whose `connect` is called by every public method before it
works, with no test for an existing connection and no lock: each call opens a
fresh connection over the one the other threads are using."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class DownloadLog:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def connect(self):
        self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def started(self, url):
        self.connect()
        self.conn.execute("INSERT INTO downloads (url, state) VALUES (?, 'started')", (url,))
        self.conn.commit()

    def finished(self, url):
        self.connect()
        self.conn.execute("UPDATE downloads SET state = 'done' WHERE url = ?", (url,))
        self.conn.commit()


log = DownloadLog("downloads.db")


def fetch(url):
    log.started(url)
    log.finished(url)


def fetch_all(urls):
    with ThreadPoolExecutor(max_workers=4) as pool:
        pool.map(fetch, urls)
