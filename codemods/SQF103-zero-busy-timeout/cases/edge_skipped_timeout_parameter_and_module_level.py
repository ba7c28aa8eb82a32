"""Edge: the class's timeout is a constructor parameter read in the same method (the
finding names it, no fix: the other method has no such name); a module-level
connect without a timeout is no class's and is not weighed."""
import sqlite3
import threading


class Queue:
    def __init__(self, path, timeout):
        self.path = path
        self.conn = sqlite3.connect(path, timeout=timeout)

    def peek(self):
        return sqlite3.connect(self.path).execute("SELECT * FROM q LIMIT 1").fetchone()


def plain(path):
    return sqlite3.connect(path)


threading.Thread(target=lambda: Queue("q.db", 20).peek()).start()
