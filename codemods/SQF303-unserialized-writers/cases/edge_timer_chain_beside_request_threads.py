"""A timer chain that re-arms itself after its run is one writer, but the
threaded HTTP server's request threads write the same table at once: several
writers remain, and the read-modify-write they share is reported."""

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DB = "counters.db"


def bump(name):
    conn = sqlite3.connect(DB, timeout=30)
    row = conn.execute("SELECT n FROM counters WHERE name = ?", (name,)).fetchone()
    n = (row[0] if row else 0) + 1
    conn.execute("INSERT OR REPLACE INTO counters (name, n) VALUES (?, ?)", (name, n))
    conn.commit()
    conn.close()


def tick():
    bump("ticks")
    threading.Timer(60, tick).start()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        bump(self.path)
        self.send_response(204)
        self.end_headers()


def main():
    threading.Timer(0, tick).start()
    ThreadingHTTPServer(("", 8080), Handler).serve_forever()
