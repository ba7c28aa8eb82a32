"""Start-up connections that do not outlive their preparation: closed after the
`with`, wrapped in `contextlib.closing`, opened by a factory that is itself a
context manager closing it, or opened in an `init_db()` that returns before the
server starts. None is reported."""
import contextlib
import sqlite3
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler


def open_sqlite(path):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


@contextlib.contextmanager
def session(path):
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def init_db(path):
    with open_sqlite(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS v (x)")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)


def serve(path):
    init_db(path)
    with open_sqlite(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    conn.close()
    with contextlib.closing(open_sqlite(path)) as conn, conn:
        conn.execute("CREATE TABLE IF NOT EXISTS u (x)")
    with session(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS w (x)")
    ThreadingHTTPServer(("", 8000), Handler).serve_forever()


if __name__ == "__main__":
    serve("app.db")
