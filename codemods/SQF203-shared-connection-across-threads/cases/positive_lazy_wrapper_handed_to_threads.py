"""A data object opens one `Sqlite` wrapper lazily and hands the same object to
every caller; the wrapper's `__enter__` connects on first use (default
check_same_thread) and counts nesting. The measured program's threads record
through it: a second thread uses the connection the first thread made
(ProgrammingError), or its nesting count runs the other thread's exit."""
import sqlite3
import threading


class Sqlite:
    def __init__(self, filename):
        self.filename = filename
        self.con = None
        self.nest = 0

    def _open(self):
        self.con = sqlite3.connect(self.filename)

    def __enter__(self):
        if self.nest == 0:
            self._open()
        self.nest += 1
        return self

    def __exit__(self, typ, value, tb):
        self.nest -= 1
        if self.nest == 0:
            self.con.commit()

    def execute(self, sql, params=()):
        return self.con.execute(sql, params)


class LineData:
    def __init__(self, filename):
        self.filename = filename
        self._db = None

    def _connect(self):
        if self._db is None:
            self._db = Sqlite(self.filename)
        return self._db

    def add_lines(self, name, lines):
        with self._connect() as db:
            db.execute("INSERT INTO lines (file, n) VALUES (?, ?)", (name, len(lines)))

    def measured_files(self):
        with self._connect() as db:
            return [row[0] for row in db.execute("SELECT file FROM lines")]


DATA = LineData("lines.db")


def record(name, lines):
    DATA.add_lines(name, lines)


def run(jobs):
    threads = [threading.Thread(target=record, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(DATA.measured_files())
