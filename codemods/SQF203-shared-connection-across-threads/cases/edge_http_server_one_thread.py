"""A plain (non-threading) HTTP server answers one request at a time on the
thread that built the store: the shared cursor is never used by two threads."""
import sqlite3
from http.server import BaseHTTPRequestHandler, HTTPServer


class Notes:
    def __init__(self, path):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.db.cursor()

    def all(self):
        self.cursor.execute("SELECT body FROM notes")
        return self.cursor.fetchall()


notes = Notes("notes.db")


class NotesHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.wfile.write(repr(notes.all()).encode())


def serve():
    HTTPServer(("127.0.0.1", 8083), NotesHandler).serve_forever()
