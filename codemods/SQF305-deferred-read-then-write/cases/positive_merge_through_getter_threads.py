"""A profile store reads the row it is about to change through its own getter
(an autocommit read context), then opens its write context and inserts the
row, or updates it with the stored attributes merged with the caller's. The
getter's connection is closed before the write transaction begins, so two
worker threads merging one profile both read the same attributes and the
second update drops the first one's keys. Reported at the getter call, without
a fix."""
import json
import sqlite3
import threading
from contextlib import contextmanager


class ProfileStore:
    def __init__(self, path):
        self.path = path

    @contextmanager
    def _reading(self):
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=5)
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _writing(self):
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def attributes(self, name):
        with self._reading() as conn:
            row = conn.execute("SELECT attrs FROM profiles WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def merge(self, name, attrs):
        known = self.attributes(name)
        with self._writing() as conn:
            if known is None:
                conn.execute(
                    "INSERT INTO profiles (name, attrs) VALUES (?, ?)", (name, json.dumps(attrs))
                )
            else:
                combined = dict(known)
                combined.update(attrs)
                conn.execute(
                    "UPDATE profiles SET attrs = ? WHERE name = ?", (json.dumps(combined), name)
                )


def import_batches(store, batches):
    workers = [threading.Thread(target=store.merge, args=("ann", b)) for b in batches]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
