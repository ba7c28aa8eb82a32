import sqlite3
import threading


class AuditLog:
    """Opens its connection once, on whichever thread builds it."""

    def __init__(self, path):
        self._conn = sqlite3.connect(path)
        self._conn.execute("CREATE TABLE IF NOT EXISTS events (at REAL, kind TEXT)")

    def record(self, at, kind):
        self._conn.execute("INSERT INTO events VALUES (?, ?)", (at, kind))
        self._conn.commit()

    def count(self):
        return self._conn.execute("SELECT count(*) FROM events").fetchone()[0]


class Poller:
    """Starts a thread on its own bound method."""

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self):
        self._thread.start()

    def _loop(self):
        while True:
            self._tick()

    def _tick(self):
        self.db.execute("UPDATE polls SET n = n + 1")
        self.db.commit()


class Exporter(threading.Thread):
    """A Thread subclass: __init__ runs on the creating thread, run() on the new one."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.conn = sqlite3.connect(path)

    def run(self):
        for row in self.conn.execute("SELECT * FROM events"):
            print(row)


class Ledger:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def add(self, amount):
        self.conn.execute("INSERT INTO ledger (amount) VALUES (?)", (amount,))
        self.conn.commit()


_ledger = None


def ledger():
    # One instance for the process, built by whichever thread asks first.
    global _ledger
    if _ledger is None:
        _ledger = Ledger("ledger.db")
    return _ledger


audit = AuditLog("audit.db")
