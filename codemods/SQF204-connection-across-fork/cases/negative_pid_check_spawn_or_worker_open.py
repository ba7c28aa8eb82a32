"""Four ways the connection does not cross the fork: a cache that reconnects when
`os.getpid()` differs; a dataset that opens only on first use inside a worker (its
constructor reads a list of ids from a file, not the database); a runner closed
before its pool starts; and a module that asks for the `spawn` start method is
in the next file."""
import json
import multiprocessing
import os
import sqlite3

from torch.utils.data import DataLoader, Dataset


class PidCache:
    def __init__(self, path):
        self.path = path
        self._conn = None
        self._pid = None

    def conn(self):
        if self._conn is None or self._pid != os.getpid():
            self._conn = sqlite3.connect(self.path)
            self._pid = os.getpid()
        return self._conn

    def get(self, key):
        return self.conn().execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()


class LazyDataset(Dataset):
    def __init__(self, path, ids_file):
        self.path = path
        self._conn = None
        with open(ids_file) as f:
            self.ids = json.load(f)

    def _db(self):
        if self._conn is None:
            self._conn = sqlite3.connect(self.path)
        return self._conn

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return self._db().execute("SELECT * FROM samples WHERE id = ?", (self.ids[i],)).fetchone()


class Exporter:
    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def names(self):
        return [r[0] for r in self.db.execute("SELECT name FROM items")]

    def close(self):
        self.db.close()


def export(name):
    return name.upper()


def main(path):
    cache = PidCache(path)
    cache.get("schema")
    with multiprocessing.Pool(4) as pool:
        pool.map(cache.get, ["a", "b"])
    loader = DataLoader(LazyDataset(path, "ids.json"), num_workers=4)
    exporter = Exporter(path)
    names = exporter.names()
    exporter.close()
    with multiprocessing.Pool(4) as pool:
        pool.map(export, names)
    return loader
