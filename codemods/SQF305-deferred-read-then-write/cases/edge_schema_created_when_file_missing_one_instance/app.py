"""A feed fetcher (its `main` is the console entry point) that refuses to run twice at once
(`tendo.singleton.SingleInstance()`, a lock file of its own): only one process
ever sees the fresh file, so creating the schema when the file is missing races
with nobody."""
import os
import sqlite3

from tendo import singleton

DB = os.path.expanduser("~/.feeds.db")


def create_schema():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()


def main():
    me = singleton.SingleInstance()
    if not os.path.exists(DB):
        create_schema()
    conn = sqlite3.connect(DB, timeout=5)
    conn.execute("INSERT INTO items (url) VALUES (?)", ("https://example.org/feed",))
    conn.commit()
    conn.close()
    del me
