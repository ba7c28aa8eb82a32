"""Every use of the shared cursor is under the class's lock."""
import sqlite3
import threading


class TermIndex:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.conn.cursor()
        self.lock = threading.Lock()

    def postings(self, term):
        with self.lock:
            self.cursor.execute("SELECT doc FROM postings WHERE term = ?", (term,))
            return [r[0] for r in self.cursor.fetchall()]

    def expand(self, term):
        with self.lock:
            self.cursor.execute("SELECT term FROM terms WHERE term LIKE ?", (term + "%",))
            return [r[0] for r in self.cursor.fetchall()]
