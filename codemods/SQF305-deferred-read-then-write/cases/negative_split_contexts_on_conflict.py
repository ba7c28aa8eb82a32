"""The store reads the counter row in its read context for a response, then
writes the caller's value with one upsert statement in its write context. The
write carries its own conflict clause and takes nothing computed from the
read beyond what the statement resolves itself: not reported."""
import sqlite3
import threading
from contextlib import contextmanager


class Visits:
    def __init__(self, path):
        self.path = path

    @contextmanager
    def _conn(self, write=False):
        conn = sqlite3.connect(self.path, timeout=5, isolation_level=None if not write else "")
        try:
            if write:
                with conn:
                    yield conn
            else:
                yield conn
        finally:
            conn.close()

    def record(self, page, hits):
        with self._conn() as conn:
            row = conn.execute("SELECT hits FROM visits WHERE page = ?", (page,)).fetchone()
        base = row[0] if row else 0
        with self._conn(write=True) as conn:
            conn.execute(
                "INSERT INTO visits (page, hits) VALUES (?, ?) "
                "ON CONFLICT(page) DO UPDATE SET hits = hits + excluded.hits",
                (page, hits),
            )
        return base + hits


def serve(visits):
    for n in range(4):
        threading.Thread(target=visits.record, args=("/", n)).start()
