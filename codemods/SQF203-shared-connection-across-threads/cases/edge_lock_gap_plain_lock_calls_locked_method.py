"""Worker threads add symbols under the object's plain Lock; the paste handler's
method reads without it, calls the locked siblings, and reads again. Holding a
plain Lock from its first read to its last would make those siblings wait for
their own caller: reported, not fixed."""
import sqlite3
import threading


class Symbols:
    def __init__(self):
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.cur = self.conn.cursor()

    def add(self, name):
        with self.lock:
            self.cur.execute("INSERT INTO s VALUES (?)", (name,))

    def known(self, name):
        with self.lock:
            self.cur.execute("SELECT 1 FROM s WHERE name = ?", (name,))
            return self.cur.fetchone() is not None

    def add_missing(self, names):
        self.cur.execute("SELECT name FROM s")
        have = {r[0] for r in self.cur.fetchall()}
        for name in names:
            if name not in have and not self.known(name):
                self.add(name)
        self.cur.execute("SELECT count(*) FROM s")
        return self.cur.fetchone()[0]


SYMBOLS = Symbols()


def worker(names):
    for name in names:
        SYMBOLS.add(name)


def on_paste(names):
    SYMBOLS.add_missing(names)


def start(batches):
    for batch in batches:
        threading.Thread(target=worker, args=(batch,)).start()
