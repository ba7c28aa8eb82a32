"""A module function and a method of one name: `self.refresh()` calls the
method, so the module function, named nowhere else, is dead code (Low
confidence, a note). Edges: a module function called through its module
from another module, and one passed as a thread target, both run."""
import sqlite3


def refresh():
    conn = sqlite3.connect("app.db")  # expect: SQF101 SQF202
    conn.execute("UPDATE stats SET fresh = 1")
    conn.commit()


class Refresher:
    def __init__(self, path):
        self.path = path

    def refresh(self):
        with sqlite3.connect(self.path) as conn:  # expect: SQF101 SQF202
            conn.execute("UPDATE stats SET fresh = 1")

    def run(self):
        self.refresh()

    def flush(self):
        self.refresh()

    def drain(self):
        self.refresh()


def flush():
    conn = sqlite3.connect("app.db")  # expect: SQF101 SQF202
    conn.execute("DELETE FROM pending")
    conn.commit()


def drain():
    conn = sqlite3.connect("app.db")  # expect: SQF101 SQF202
    conn.execute("DELETE FROM queue")
    conn.commit()
