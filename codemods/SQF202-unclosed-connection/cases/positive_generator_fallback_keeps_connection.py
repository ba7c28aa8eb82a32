"""A caching layer for a long-running file server: the generator opens the cache
database and takes its write transaction; a worker that loses the race for the
write lock falls back to the uncached listing, but it yields that listing with its
own connection still open, for as long as the consumer iterates. The listing
recurses into sub-directories through the same cached generator, so a deep tree
stacks one open connection per level."""
import json
import os
import sqlite3
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

CACHE = "cache.db"


def scan(path):
    for entry in os.scandir(path):
        yield entry.path
        if entry.is_dir():
            yield from cached_scan(entry.path)


def cached_scan(path):
    conn = sqlite3.connect(CACHE, timeout=1)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        # Someone else is filling the cache: list without it.
        yield from scan(path)
        return
    rows = conn.execute("SELECT name FROM listing WHERE dir = ?", (path,)).fetchall()
    if not rows:
        rows = [(name,) for name in scan(path)]
        conn.executemany("INSERT INTO listing VALUES (?, ?)", [(path, r[0]) for r in rows])
    conn.commit()
    conn.close()
    for (name,) in rows:
        yield name


def compute(key):
    for i in range(1000):
        yield f"{key}-{i}"


def cached_items(key):
    # The miss path streams the computed items before the close below.
    conn = sqlite3.connect(CACHE)
    cached = conn.execute("SELECT items FROM memo WHERE key = ?", (key,)).fetchone()
    if cached is None:
        for item in compute(key):
            yield item
        return
    conn.close()
    yield from json.loads(cached[0])


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = "\n".join(cached_scan(self.path.lstrip("/") or ".")).encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8000), Handler).serve_forever()
