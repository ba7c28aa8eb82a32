"""A class documented as thread-safe that keeps a default check_same_thread
connection: reported (the promise cannot hold), but not fixed, since its uses
are not under one lock and would interleave once the connection may cross
threads. A class with one use outside its lock is reported and not fixed for
the same reason. A class whose docstring denies thread safety is left alone."""
import sqlite3
import threading


class Journal:
    """A thread-safe append-only journal."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path)

    def append(self, line: str) -> None:
        self._conn.execute("INSERT INTO journal VALUES (?)", (line,))
        self._conn.commit()


class Ledger:
    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path)
        self._mutex = threading.RLock()

    def add(self, amount: int) -> None:
        with self._mutex:
            self._conn.execute("INSERT INTO ledger VALUES (?)", (amount,))
            self._conn.commit()

    def total(self) -> int:
        return self._conn.execute("SELECT sum(amount) FROM ledger").fetchone()[0]


class Scratch:
    """Not thread-safe: build one per thread."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path)

    def put(self, value: str) -> None:
        self._conn.execute("INSERT INTO scratch VALUES (?)", (value,))
        self._conn.commit()
