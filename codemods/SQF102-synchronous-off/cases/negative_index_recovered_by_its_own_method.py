"""A thumbnail index with `synchronous=OFF`: it recovers from a damaged file
through its own `_reset` method, which deletes the file; `reindex` adds the
photo folder's new files. An index of files the program builds again from the
disk (not reported)."""
import glob
import os
import sqlite3


class ThumbIndex:
    def __init__(self, path, root):
        self.path = path
        self.root = root
        try:
            self.conn = sqlite3.connect(path)
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("SELECT count(*) FROM thumbs").fetchone()
        except sqlite3.DatabaseError:
            self._reset()

    def _reset(self):
        os.remove(self.path)
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("CREATE TABLE thumbs (path TEXT PRIMARY KEY, w INTEGER, h INTEGER)")

    def reindex(self):
        for path in glob.glob(os.path.join(self.root, "*.jpg")):
            self.conn.execute("INSERT OR IGNORE INTO thumbs VALUES (?, 0, 0)", (path,))
        self.conn.commit()
