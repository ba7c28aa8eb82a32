"""A base class reads every profile's bookmarks in a loop through
`self.bookmarks_of(path)`; the subclass's override opens the browser's live
database read-only per call, returns the rows and never closes it: one open
file handle per profile per fetch, left for the cyclic garbage collector."""
import sqlite3


class Browser:
    def __init__(self, paths):
        self.paths = paths

    def bookmarks_of(self, path):
        raise NotImplementedError

    def fetch_bookmarks(self):
        found = []
        for path in self.paths:
            found.extend(self.bookmarks_of(path))
        return found


class Firefox(Browser):
    def bookmarks_of(self, path):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        cursor = conn.cursor()
        cursor.execute("SELECT url, title FROM bookmarks")
        return [(url, title) for url, title in cursor.fetchall()]
