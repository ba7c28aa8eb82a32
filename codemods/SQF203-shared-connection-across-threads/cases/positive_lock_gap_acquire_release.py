"""A word store whose methods take the object's lock with acquire() and a
finally that releases it; the suggestion lookup forgot to. Worker threads add
words while the UI thread asks for suggestions."""
import sqlite3
import threading


class WordStore:
    def __init__(self):
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.cur = self.conn.cursor()
        self.cur.execute("CREATE TABLE words (w TEXT PRIMARY KEY, n INTEGER)")

    def add(self, word):
        self.lock.acquire()
        try:
            self.cur.execute(
                "INSERT INTO words VALUES (?, 1) ON CONFLICT(w) DO UPDATE SET n = n + 1",
                (word,),
            )
        finally:
            self.lock.release()

    def suggest(self, start):
        self.cur.execute(
            "SELECT w FROM words WHERE w LIKE ? ORDER BY n DESC LIMIT 5", (start + "%",)
        )
        return [r[0] for r in self.cur.fetchall()]


STORE = WordStore()


def feed(lines):
    for line in lines:
        for word in line.split():
            STORE.add(word)


def start_feeders(chunks):
    for chunk in chunks:
        threading.Thread(target=feed, args=(chunk,)).start()


def on_key(prefix):
    return STORE.suggest(prefix)
