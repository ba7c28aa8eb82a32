"""A file-share index keeps one cursor per volume, opened with
check_same_thread=False, and every request thread of the threading HTTP server
looks files up under `self.mutex`; the uploader's own delete calls the same
lookup without it, so its SELECT interleaves with another request's INSERT on
the one cursor."""
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Volumes:
    def __init__(self, paths):
        self.mutex = threading.Lock()
        self.cur = {}
        for vol, path in paths.items():
            db = sqlite3.connect(path, check_same_thread=False)
            self.cur[vol] = db.cursor()

    def find_owner(self, vol, name):
        cur = self.cur[vol]
        cur.execute("SELECT owner FROM files WHERE name = ?", (name,))
        row = cur.fetchone()
        return row[0] if row else None

    def add(self, vol, name, owner):
        with self.mutex:
            self.cur[vol].execute("INSERT INTO files VALUES (?, ?)", (name, owner))
            self.cur[vol].connection.commit()

    def owner_of(self, vol, name):
        with self.mutex:
            return self.find_owner(vol, name)

    def delete(self, vol, name, user):
        if user == "admin":
            with self.mutex:
                self.cur[vol].execute("DELETE FROM files WHERE name = ?", (name,))
            return True
        if self.find_owner(vol, name) != user:
            return False
        with self.mutex:
            self.cur[vol].execute("DELETE FROM files WHERE name = ?", (name,))
            self.cur[vol].connection.commit()
        return True


VOLUMES = Volumes({"home": "home.db"})


class Handler(BaseHTTPRequestHandler):
    def do_PUT(self):
        VOLUMES.add("home", self.path, self.headers["user"])

    def do_GET(self):
        VOLUMES.owner_of("home", self.path)

    def do_DELETE(self):
        VOLUMES.delete("home", self.path, self.headers["user"])


def main():
    ThreadingHTTPServer(("", 8080), Handler).serve_forever()
