"""A request handler of a threading socket server queries a store whose
connection the main thread opened in `__init__`: each request runs `handle` on
a thread of its own."""
import socketserver
import sqlite3


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, timeout=5)

    def get(self, key):
        row = self.conn.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
        return row[0] if row else b""


store = Store("kv.db")


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        key = self.rfile.readline().strip().decode()
        self.wfile.write(store.get(key))


if __name__ == "__main__":
    with socketserver.ThreadingTCPServer(("127.0.0.1", 9999), Handler) as server:
        server.serve_forever()
