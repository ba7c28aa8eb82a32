"""A tag index for an editor: a pool of threads fills it from the files of a
project while completion and hover callbacks read it. The lock lives on the
class, every query holds it except the one the hover callback runs."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class TagIndex:
    guard = threading.Lock()

    def __init__(self):
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.cursor = self.db.cursor()
        self.cursor.execute("CREATE TABLE tags (word TEXT, file TEXT, row INTEGER)")

    def insert(self, word, file, row):
        with self.guard:
            self.cursor.execute("INSERT INTO tags VALUES (?, ?, ?)", (word, file, row))

    def starting_with(self, text):
        with TagIndex.guard:
            self.cursor.execute("SELECT DISTINCT word FROM tags WHERE word LIKE ?", (text + "%",))
            return [r[0] for r in self.cursor.fetchall()]

    def places(self, word):
        self.cursor.execute("SELECT file, row FROM tags WHERE word = ?", (word,))
        return self.cursor.fetchall()


TAGS = TagIndex()


def scan(path):
    with open(path) as fh:
        for row, text in enumerate(fh):
            for word in text.split():
                TAGS.insert(word, path, row)


def reindex(paths):
    with ThreadPoolExecutor(max_workers=4) as pool:
        pool.map(scan, paths)


def on_complete(view, prefix):
    return TAGS.starting_with(prefix)


def on_hover(view, word):
    return TAGS.places(word)
