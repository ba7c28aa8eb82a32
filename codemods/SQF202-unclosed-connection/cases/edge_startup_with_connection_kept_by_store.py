"""The server's start-up `with` hands its connection to the store it then
serves with: the store keeps and uses it for the life of the server, so it is
the server's connection, not a forgotten one. Not reported here (whether the
store shares it safely across request threads is SQF203's question)."""
import sqlite3
from http.server import HTTPServer, BaseHTTPRequestHandler


def open_sqlite(path):
    conn = sqlite3.connect(path, timeout=30)
    return conn


class Store:
    def __init__(self, conn):
        self.conn = conn


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)


def serve(path):
    with open_sqlite(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        Handler.store = Store(conn)
    HTTPServer(("", 8000), Handler).serve_forever()


if __name__ == "__main__":
    serve("app.db")
