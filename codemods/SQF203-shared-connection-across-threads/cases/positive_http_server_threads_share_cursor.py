"""A threading HTTP server's handlers all go through one cursor of a catalogue
object whose connection allows any thread; the retry on "locked" spins, it does
not serialize anything."""
import sqlite3
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Catalogue:
    def __init__(self, path):
        self.path = path
        self.reopen()

    def reopen(self):
        self.db = sqlite3.connect(self.path, timeout=2, check_same_thread=False)
        self.cursor = self.db.cursor()

    def query(self, sql, args=()):
        while True:
            try:
                self.cursor.execute(sql, args)
            except sqlite3.OperationalError as err:
                if "locked" not in str(err):
                    raise
                continue
            return self.cursor.fetchall()


catalogue = Catalogue("books.db")


class BookHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        rows = catalogue.query("SELECT title FROM books")
        self.send_response(200)
        self.end_headers()
        self.wfile.write(repr(rows).encode())

    def do_PUT(self):
        catalogue.query("UPDATE books SET loans = loans + 1 WHERE id = ?", (1,))
        self.send_response(204)
        self.end_headers()


def serve():
    ThreadingHTTPServer(("127.0.0.1", 8080), BookHandler).serve_forever()


if __name__ == "__main__":
    serve()
