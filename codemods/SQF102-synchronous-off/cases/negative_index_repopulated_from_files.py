"""A music server's file cache: a table of the files under the music folder,
for fast search. `rebuild` empties the table and walks the folder again,
inserting a row per file; nothing else writes to the database. It runs with
`synchronous=OFF` for indexing speed: a power loss can corrupt the cache, and
the program builds the whole of it again from the files on disk."""
import os
import sqlite3

CACHE = "filecache.db"


class FileCache:
    def __init__(self, root):
        self.root = root
        self.conn = sqlite3.connect(CACHE, check_same_thread=False)
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER)")

    def rebuild(self):
        self.conn.execute("DELETE FROM files")
        self._fill()
        self.conn.commit()

    def _fill(self):
        for folder, _, names in os.walk(self.root):
            for name in names:
                path = os.path.join(folder, name)
                self.conn.execute("INSERT INTO files VALUES (?, ?)", (path, os.path.getsize(path)))

    def search(self, term):
        return self.conn.execute("SELECT path FROM files WHERE path LIKE ?", (f"%{term}%",)).fetchall()
