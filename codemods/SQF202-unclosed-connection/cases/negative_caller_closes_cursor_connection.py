"""The helpers hand out cursors of fresh connections, and every caller closes
the connection behind the cursor it got (`cur.connection.close()` in a
`finally`): nothing is left to the garbage collector."""
import sqlite3
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CATALOG = "catalog.db"


def items_cursor():
    return sqlite3.connect(CATALOG).cursor()


def search_cursor(word):
    cur = sqlite3.connect(CATALOG).cursor()
    cur.execute("SELECT sku FROM items WHERE title LIKE ?", ("%" + word + "%",))
    return cur


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        cur = items_cursor()
        try:
            listing = cur.execute("SELECT sku FROM items").fetchall()
        finally:
            cur.connection.close()
        found_cur = search_cursor(self.path.strip("/"))
        try:
            found = found_cur.fetchall()
        finally:
            found_cur.connection.close()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"{len(listing)} {len(found)}".encode())


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8080), Handler).serve_forever()
