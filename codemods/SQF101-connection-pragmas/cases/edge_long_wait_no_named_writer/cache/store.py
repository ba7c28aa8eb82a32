"""A command-line cache. It fetches remote values on a thread pool, and those
threads never open the file: the only evidence of concurrency is the pool, and
no second writer is named. Two of its connections already wait a long time for
a lock (60 s through a constant, 25 s through PRAGMA). They keep the advice all
the same: a project that starts threads may open per-thread connections where
the model cannot follow them (a connect helper whose threads live in another
module), and in the rollback journal a reader that upgrades to a writer gets
no wait at all, however long the timeout. Only a project with no sign of
concurrency anywhere is left alone on a long wait
(negative_long_wait_no_concurrency)."""
import sqlite3
import urllib.request
from concurrent.futures import ThreadPoolExecutor

CACHE = "cache.db"
WAIT_SECONDS = 60


def fetch(url):
    with urllib.request.urlopen(url) as r:
        return r.read()


def fetch_all(urls):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(fetch, urls))


def put(key, value):
    conn = sqlite3.connect(CACHE, timeout=WAIT_SECONDS)
    conn.execute("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", (key, value))
    conn.execute("UPDATE meta SET writes = writes + 1")
    conn.commit()
    conn.close()


def evict(older_than):
    conn = sqlite3.connect(CACHE)
    conn.execute("PRAGMA busy_timeout = 25000")
    conn.execute("DELETE FROM kv WHERE stamp < ?", (older_than,))
    conn.execute("UPDATE meta SET evictions = evictions + 1")
    conn.commit()
    conn.close()


def touch(key, stamp):
    conn = sqlite3.connect(CACHE)
    conn.execute("UPDATE kv SET stamp = ? WHERE k = ?", (stamp, key))
    conn.execute("UPDATE meta SET touches = touches + 1")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    for i, body in enumerate(fetch_all(["https://a.example", "https://b.example"])):
        put(str(i), body)
        touch(str(i), 2)
    evict(0)
