"""A server gets its start-up connection from a factory, prepares the schema
inside `with open_sqlite(...) as conn:` and commits, then serves from the same
function. That `with` only ends the transaction: the connection stays open
for the life of the server beside its pool."""
import sqlite3
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler


def open_sqlite(path):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)


def serve(path):
    with open_sqlite(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS u (x)")
        conn.commit()
    ThreadingHTTPServer(("", 8000), Handler).serve_forever()


if __name__ == "__main__":
    serve("app.db")
