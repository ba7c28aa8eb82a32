import sqlite3
import threading


class WordIndex:
    def __init__(self):
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.cur = self.conn.cursor()
        self.cur.execute("CREATE TABLE words (w TEXT, n INTEGER)")

    def add(self, w, n):
        with self.lock:
            self.cur.execute("INSERT INTO words VALUES (?, ?)", (w, n))

    def total(self, w):
        with self.lock:
            self.cur.execute("SELECT sum(n) FROM words WHERE w = ?", (w,))
            return self.cur.fetchone()[0]

    def matching(self, prefix):
        self.cur.execute("SELECT DISTINCT w FROM words WHERE w LIKE ? ORDER BY w", (prefix + "%",))
        return [r[0] for r in self.cur.fetchall()]


INDEX = WordIndex()


def fill(words):
    for w in words:
        INDEX.add(w, 1)


def start(chunks):
    threads = [threading.Thread(target=fill, args=(chunk,)) for chunk in chunks]
    for t in threads:
        t.start()
    return threads
