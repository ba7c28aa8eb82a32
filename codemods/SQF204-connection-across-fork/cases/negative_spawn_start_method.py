"""The program asks for the `spawn` start method: each worker is a fresh
interpreter that rebuilds what it needs, so the parent's open connection never
reaches it (a connection cannot even be pickled)."""
import multiprocessing
import sqlite3


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def count(self):
        return self.conn.execute("SELECT count(*) FROM items").fetchone()[0]


def work(i):
    return i * 2


def main(path):
    multiprocessing.set_start_method("spawn")
    store = Store(path)
    print(store.count())
    with multiprocessing.Pool(4) as pool:
        return pool.map(work, range(store.count()))
