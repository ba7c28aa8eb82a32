"""Methods redefined further down a class body: the class keeps the last one.
A property's getter and setter share one name and both run (edge); so do
`@overload` stubs and their implementation."""
import sqlite3
from typing import overload


class Counter:
    def __init__(self, path):
        self.path = path

    def bump(self):
        conn = sqlite3.connect(self.path)
        conn.execute("UPDATE counters SET n = n + 1")
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
        conn.close()

    @property
    def total(self):
        conn = sqlite3.connect(self.path)  # expect: SQF202
        return conn.execute("SELECT n FROM counters").fetchone()[0]

    @total.setter
    def total(self, value):
        conn = sqlite3.connect(self.path)  # expect: SQF101 SQF202
        conn.execute("UPDATE counters SET n = ?", (value,))
        conn.commit()

    @overload
    def add(self, n: int) -> None: ...

    @overload
    def add(self, n: str) -> None: ...

    def add(self, n):
        conn = sqlite3.connect(self.path)  # expect: SQF101 SQF202
        conn.execute("UPDATE counters SET n = n + ?", (int(n),))
        conn.commit()

    def bump(self):
        self.total = self.total + 1
        self.add(1)
