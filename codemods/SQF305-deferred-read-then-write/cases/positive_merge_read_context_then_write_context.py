"""The same method reads a settings row in the store's read context and, once
that connection is gone, writes the merged document in its write context.
Request threads of a threaded HTTP server run it at once for one owner: both
read the old document, and the later write loses the earlier one's keys.
Reported at the SELECT."""
import json
import sqlite3
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DB = "prefs.db"


class Prefs:
    @contextmanager
    def reader(self):
        conn = sqlite3.connect(DB, isolation_level=None, timeout=5)
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def writer(self):
        conn = sqlite3.connect(DB, timeout=5)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def apply(self, owner, values):
        with self.reader() as conn:
            found = conn.execute("SELECT doc FROM prefs WHERE owner = ?", (owner,)).fetchone()
        doc = json.loads(found[0]) if found else {}
        doc.update(values)
        with self.writer() as conn:
            conn.execute("UPDATE prefs SET doc = ? WHERE owner = ?", (json.dumps(doc), owner))


PREFS = Prefs()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        PREFS.apply(body["owner"], body["values"])
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8080), Handler).serve_forever()
