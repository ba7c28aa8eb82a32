"""Labelled from jupyter-server-fileid 0.9 (naive transaction) and litequeue 0.9
(deliberate): a SELECT then an UPDATE on one connection.

Judged: inside a deferred `with self.con:` transaction the read-then-write is
SQF305 true (two servers get SQLITE_BUSY on the upgrade, which the busy timeout
cannot wait out); inside the project's own `transaction(mode="IMMEDIATE")` it is
safe, no finding.
SQF703 (off by default, not run here) would note a WAL database nothing quick-checks.
"""
import sqlite3
from contextlib import contextmanager


class FileIdManager:
    def __init__(self, path):
        self.con = sqlite3.connect(path, timeout=5, isolation_level=None)
        self.con.execute("PRAGMA journal_mode = WAL")
        self.con.execute("PRAGMA synchronous = NORMAL")
        self.con.execute("PRAGMA journal_size_limit = 67108864")

    def move(self, old_path, new_path):
        with self.con:
            row = self.con.execute("SELECT id FROM Files WHERE path = ?", (old_path,)).fetchone()  # expect: SQF305
            if row:
                self.con.execute("UPDATE Files SET path = ? WHERE id = ?", (new_path, row[0]))
            return row

    @contextmanager
    def transaction(self, mode="DEFERRED"):
        self.con.execute(f"BEGIN {mode}")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def pop(self):
        with self.transaction(mode="IMMEDIATE"):
            row = self.con.execute("SELECT id FROM Queue WHERE done = 0 LIMIT 1").fetchone()
            if row:
                self.con.execute("UPDATE Queue SET done = 1 WHERE id = ?", (row[0],))
            return row
