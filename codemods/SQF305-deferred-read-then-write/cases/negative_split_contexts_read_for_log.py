"""The read in the first context only decides a log line; the write in the
second sets the caller's own value. Nothing read is written back, so two
callers leave the last one's value, as one after the other would: not
reported."""
import logging
import sqlite3
import threading
from contextlib import contextmanager

log = logging.getLogger(__name__)


class Names:
    def __init__(self, path):
        self.path = path

    @contextmanager
    def _open(self):
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def rename(self, uid, name):
        with self._open() as conn:
            old = conn.execute("SELECT name FROM users WHERE id = ?", (uid,)).fetchone()
        if old and old[0] != name:
            log.info("renaming %s from %s", uid, old[0])
        with self._open() as conn:
            conn.execute("UPDATE users SET name = ? WHERE id = ?", (name, uid))


def serve(names):
    for n in range(4):
        threading.Thread(target=names.rename, args=(1, f"n{n}")).start()
