"""Each worker of a `multiprocessing.Pool` opens its connection in the pool's
worker body through a setup function two calls down from the target: still
every worker switching the file at once (reported at the switch). The PRAGMA
is spelled in lower case with spaces around `=`."""
import multiprocessing
import sqlite3

DB = "crawl.db"


def open_db():
    conn = sqlite3.connect(DB, timeout=20)
    conn.execute("pragma  journal_mode = wal")
    return conn


def worker_setup():
    return open_db()


def crawl(url):
    conn = worker_setup()
    conn.execute("INSERT INTO pages(url) VALUES (?)", (url,))
    conn.commit()
    conn.close()


def run(urls):
    with multiprocessing.Pool(8) as pool:
        pool.map(crawl, urls)
