"""A worker pool caches search results: each call opens its own connection with
a 30 s busy timeout, writes one row (or deletes one) and commits. Every write
transaction is one statement, so no writer holds the lock longer than that
statement and no queue forms behind a long holder: nothing to put in turn."""

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "search.db"


def _connect():
    return sqlite3.connect(DB, timeout=30)


def cache_result(key, value):
    conn = _connect()
    try:
        conn.execute(
            "INSERT OR REPLACE INTO cache (key, value) VALUES (?, ?)", (key, json.dumps(value))
        )
        conn.commit()
    finally:
        conn.close()


def drop_entry(key):
    conn = _connect()
    try:
        conn.execute("DELETE FROM cache WHERE key = ?", (key,))
        conn.commit()
    finally:
        conn.close()


def search(key):
    value = {"key": key}
    cache_result(key, value)
    if not key:
        drop_entry(key)
    return value


def serve(keys):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(search, keys))
