"""Per-key connection caches that do not cross threads: one keys the cache by
thread as well as by channel, and one opens with `check_same_thread=False`
and holds a lock around every use. Command threads and a scheduler thread
use both."""
import sqlite3
import threading


class ThreadKeyedStore:
    def __init__(self, folder):
        self.folder = folder
        self._conns = {}

    def _db(self, channel):
        key = (channel, threading.get_ident())
        if key not in self._conns:
            self._conns[(channel, threading.get_ident())] = sqlite3.connect(f"{self.folder}/{channel}.db")
        return self._conns[key]

    def add(self, channel, line):
        db = self._db(channel)
        db.execute("INSERT INTO log (line) VALUES (?)", (line,))
        db.commit()

    def flush(self, channel):
        self._db(channel).execute("DELETE FROM log WHERE age > 7")
        self._db(channel).commit()


class LockedStore:
    def __init__(self, folder):
        self.folder = folder
        self._conns = {}
        self._lock = threading.Lock()

    def _db(self, channel):
        if channel not in self._conns:
            self._conns[channel] = sqlite3.connect(f"{self.folder}/{channel}.db", check_same_thread=False)
        return self._conns[channel]

    def add(self, channel, line):
        with self._lock:
            db = self._db(channel)
            db.execute("INSERT INTO log (line) VALUES (?)", (line,))
            db.commit()

    def flush(self, channel):
        with self._lock:
            self._db(channel).execute("DELETE FROM log WHERE age > 7")
            self._db(channel).commit()


KEYED = ThreadKeyedStore("data")
LOCKED = LockedStore("data")


def on_command(channel, line):
    threading.Thread(target=KEYED.add, args=(channel, line)).start()
    threading.Thread(target=LOCKED.add, args=(channel, line)).start()


def scheduler():
    while True:
        KEYED.flush("main")
        LOCKED.flush("main")


threading.Thread(target=scheduler, daemon=True).start()
