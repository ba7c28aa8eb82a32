"""A search endpoint on a threaded server: the connection only reads, but an
empty query makes it `return` before `conn.close()`. That is no exception path:
every empty search leaves a connection behind for the garbage collector, as many
as such requests come in."""
import sqlite3
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DB = "notes.db"


def search(text):
    conn = sqlite3.connect(DB)
    words = text.split()
    if not words:
        return []
    hits = conn.execute(
        "SELECT id, title FROM notes WHERE title LIKE ?", (f"%{words[0]}%",)
    ).fetchall()
    conn.close()
    return hits


def save(title):
    with sqlite3.connect(DB) as db:
        db.execute("INSERT INTO notes (title) VALUES (?)", (title,))
    db.close()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.wfile.write(repr(search(self.path[1:])).encode())

    def do_POST(self):
        save(self.path[1:])


ThreadingHTTPServer(("", 8000), Handler).serve_forever()
