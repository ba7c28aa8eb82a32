"""Lazily opened wrappers that do not cross threads: one keyed by
`threading.get_ident()`, and one kept in a `threading.local`; the program's threads
each get a wrapper, and so a connection, of their own."""
import sqlite3
import threading


class Sqlite:
    def __init__(self, filename):
        self.filename = filename
        self.con = None
        self.nest = 0

    def __enter__(self):
        if self.con is None:
            self.con = sqlite3.connect(self.filename)
        self.nest += 1
        return self

    def __exit__(self, typ, value, tb):
        self.nest -= 1
        if self.nest == 0:
            self.con.commit()

    def execute(self, sql, params=()):
        return self.con.execute(sql, params)


class KeyedData:
    def __init__(self, filename):
        self.filename = filename
        self._dbs = {}

    def _connect(self):
        key = threading.get_ident()
        if key not in self._dbs:
            self._dbs[key] = Sqlite(self.filename)
        return self._dbs[key]

    def add_lines(self, name, lines):
        with self._connect() as db:
            db.execute("INSERT INTO lines (file, n) VALUES (?, ?)", (name, len(lines)))


class LocalData:
    def __init__(self, filename):
        self.filename = filename
        self._local = threading.local()

    def _connect(self):
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = Sqlite(self.filename)
        return db

    def add_lines(self, name, lines):
        with self._connect() as db:
            db.execute("INSERT INTO lines (file, n) VALUES (?, ?)", (name, len(lines)))


KEYED = KeyedData("lines.db")
LOCAL = LocalData("lines.db")


def record(name, lines):
    KEYED.add_lines(name, lines)
    LOCAL.add_lines(name, lines)


def run(jobs):
    threads = [threading.Thread(target=record, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
