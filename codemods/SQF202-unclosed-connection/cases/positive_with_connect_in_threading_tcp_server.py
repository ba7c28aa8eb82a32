"""A line-protocol server run as a script: `socketserver.ThreadingTCPServer`
handles each connection on a thread of its own, so the `with sqlite3.connect(...)
as conn:` block in the handler, which holds nothing once it ends, is dropped on
many threads, where the descriptors pile up (docs/sqlite-facts.md#F-dropped-handles)."""
import socketserver
import sqlite3

DB = "kv.db"


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        key = self.rfile.readline().strip().decode()
        with sqlite3.connect(DB) as conn:
            row = conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        self.wfile.write((row[0] if row else "").encode() + b"\n")


if __name__ == "__main__":
    with socketserver.ThreadingTCPServer(("127.0.0.1", 9000), Handler) as server:
        server.serve_forever()
