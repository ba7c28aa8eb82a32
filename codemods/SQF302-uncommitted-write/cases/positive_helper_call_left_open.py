"""A crawler keeps one connection per process and stores pages through a
helper that leaves the commit to its callers. The start-up import and the refresh
commit around it; the crawl loop does not, and goes on fetching and sleeping
with the write lock held while other crawler processes wait."""
import sqlite3
import time
from multiprocessing import Process

import requests

conn = sqlite3.connect("pages.db", timeout=10)
conn.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT, html TEXT)")


def store_page(url, html):
    conn.execute("INSERT INTO pages (url, html) VALUES (?, ?)", (url, html))


def import_seed(urls):
    for url in urls:
        with conn:
            store_page(url, "")


def refresh(url):
    html = requests.get(url).text
    store_page(url, html)
    conn.commit()


def crawl(urls):
    for url in urls:
        html = requests.get(url).text
        store_page(url, html)
        time.sleep(2)
    conn.commit()


if __name__ == "__main__":
    import_seed(["https://a.example"])
    refresh("https://a.example")
    workers = [Process(target=crawl, args=(["https://b.example"],)) for _ in range(3)]
    for w in workers:
        w.start()
