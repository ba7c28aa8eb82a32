"""A lookup module whose helpers each open a connection per call and keep
only a cursor of it: bound to a name, returned to the caller straight from the
connect, or bound and then returned. A commit reached through `cur.connection`
still closes nothing. The request threads of the server call them all."""
import sqlite3
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CATALOG = "catalog.db"


def price_of(sku):
    cur = sqlite3.connect(CATALOG).cursor()
    cur.execute("SELECT price FROM items WHERE sku = ?", (sku,))
    row = cur.fetchone()
    return row[0] if row else None


def items_cursor():
    return sqlite3.connect(CATALOG).cursor()


def search_cursor(word):
    cur = sqlite3.connect(CATALOG).execute(
        "SELECT sku FROM items WHERE title LIKE ?", ("%" + word + "%",)
    )
    return cur


def bump_views(sku):
    cur = sqlite3.connect(CATALOG).cursor()
    cur.execute("UPDATE items SET views = views + 1 WHERE sku = ?", (sku,))
    cur.connection.commit()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        sku = self.path.strip("/")
        bump_views(sku)
        listing = items_cursor().execute("SELECT sku FROM items").fetchall()
        found = search_cursor(sku).fetchall()
        body = f"{price_of(sku)} {len(listing)} {len(found)}".encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8080), Handler).serve_forever()
