"""A link merger snapshots a node's links in one context, does slow work, then
copies them inside its write transaction, asking the table again on that
connection whether each link is there before inserting it. The write rests on
the fresh read in its own transaction, not on the snapshot alone: not reported
as the split-context merge."""
import sqlite3
import threading
from contextlib import contextmanager


class Links:
    def __init__(self, path):
        self.path = path

    @contextmanager
    def _tx(self):
        conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def move(self, old, new):
        with self._tx() as conn:
            rows = conn.execute("SELECT dst FROM links WHERE src = ?", (old,)).fetchall()
        targets = [r[0] for r in rows]
        with self._tx() as conn:
            for dst in targets:
                there = conn.execute(
                    "SELECT 1 FROM links WHERE src = ? AND dst = ?", (new, dst)
                ).fetchone()
                if not there:
                    conn.execute("INSERT INTO links (src, dst) VALUES (?, ?)", (new, dst))


def serve(links):
    for n in range(4):
        threading.Thread(target=links.move, args=(n, n + 1)).start()
