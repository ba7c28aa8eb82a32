"""Generators that hold their connection on purpose or close it on every path:
a `finally` that closes it (the fallback path included), one that streams the
rows of its own query (it needs the connection open while it yields), and one
that closes before each yield."""
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
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            conn.close()
            yield from scan(path)
            return
        rows = conn.execute("SELECT name FROM listing WHERE dir = ?", (path,)).fetchall()
        conn.commit()
    finally:
        conn.close()
    for (name,) in rows:
        yield name


def stream_rows(query):
    conn = sqlite3.connect(CACHE)
    for row in conn.execute(query):
        yield row
    conn.close()


def closes_first(path):
    conn = sqlite3.connect(CACHE, timeout=1)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        conn.close()
        yield from scan(path)
        return
    conn.commit()
    conn.close()
    yield path


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = "\n".join(cached_scan(self.path.lstrip("/") or ".")).encode()
        body += str(list(stream_rows("SELECT 1"))).encode()
        body += str(list(closes_first("."))).encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8000), Handler).serve_forever()
