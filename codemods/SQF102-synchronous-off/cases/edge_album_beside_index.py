"""A photo album with `synchronous=OFF` that imports the files of the photo
folder but never empties its database: the rows carry the user's captions and
ratings, which exist nowhere else, so a power loss that corrupts the file loses
them (reported). Compare negative_index_repopulated_from_files.py, whose module
empties its cache and fills it again from the disk."""
import glob
import os
import sqlite3


class Album:
    def __init__(self, path, root):
        self.root = root
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA synchronous=OFF")

    def import_new(self):
        for path in glob.glob(os.path.join(self.root, "*.jpg")):
            self.conn.execute("INSERT OR IGNORE INTO photos (path) VALUES (?)", (path,))
        self.conn.commit()

    def caption(self, path, text, rating):
        self.conn.execute(
            "UPDATE photos SET caption = ?, rating = ? WHERE path = ?", (text, rating, path)
        )
        self.conn.commit()
