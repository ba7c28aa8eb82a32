"""A one-worker process pool whose job nobody waits for: the caller goes on to
write the same cache while the job runs. Reported."""
import sqlite3
from concurrent.futures import ProcessPoolExecutor

CACHE = "cache.db"
POOL = ProcessPoolExecutor(max_workers=1)


def warm(key):
    with sqlite3.connect(CACHE) as conn:
        conn.execute("INSERT OR IGNORE INTO cache (key) VALUES (?)", (key,))


def handle(key):
    POOL.submit(warm, key)
    with sqlite3.connect(CACHE) as conn:
        conn.execute("UPDATE cache SET hits = hits + 1 WHERE key = ?", (key,))


if __name__ == "__main__":
    for key in ["a", "b"]:
        handle(key)
