"""Three indexes whose unlocked methods are not a gap: one runs only while the
object is built, one only before the pool starts, and one opens a connection
of its own instead of touching the shared cursor."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class Built:
    def __init__(self):
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.cur = self.conn.cursor()
        self._schema()

    def _schema(self):
        self.cur.execute("CREATE TABLE t (k TEXT)")

    def add(self, k):
        with self.lock:
            self.cur.execute("INSERT INTO t VALUES (?)", (k,))

    def get(self, k):
        with self.lock:
            self.cur.execute("SELECT k FROM t WHERE k = ?", (k,))
            return self.cur.fetchone()


class Preloaded:
    def __init__(self):
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.cur = self.conn.cursor()

    def preload(self, rows):
        self.cur.execute("CREATE TABLE t (k TEXT)")
        self.cur.executemany("INSERT INTO t VALUES (?)", rows)

    def add(self, k):
        with self.lock:
            self.cur.execute("INSERT INTO t VALUES (?)", (k,))

    def get(self, k):
        with self.lock:
            self.cur.execute("SELECT k FROM t WHERE k = ?", (k,))
            return self.cur.fetchone()


class Exported:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.cur = self.conn.cursor()

    def add(self, k):
        with self.lock:
            self.cur.execute("INSERT INTO t VALUES (?)", (k,))

    def export(self, rows):
        out = sqlite3.connect(self.path)
        try:
            out.executemany("INSERT INTO t VALUES (?)", rows)
            out.commit()
        finally:
            out.close()


BUILT = Built()
PRE = Preloaded()
EXP = Exported("export.db")


def run(keys):
    PRE.preload([("seed",)])
    with ThreadPoolExecutor(4) as pool:
        pool.map(BUILT.add, keys)
        pool.map(PRE.add, keys)
        pool.map(EXP.add, keys)
    return BUILT.get(keys[0]), PRE.get(keys[0])
