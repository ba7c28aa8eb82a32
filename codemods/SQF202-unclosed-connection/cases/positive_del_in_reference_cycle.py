"""A store closes its connection in `__del__`, but hands `self` to a helper it
keeps: the two form a reference cycle, so `__del__` waits for the cyclic
garbage collector. Built per call and never closed, each call leaks one."""

import sqlite3


class Items:
    def __init__(self, store):
        self.store = store

    def count(self):
        return self.store.conn.execute("SELECT count(*) FROM items").fetchone()[0]


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.items = Items(self)

    def close(self):
        self.conn.close()

    def __del__(self):
        self.close()


def item_count(path):
    store = Store(path)
    return store.items.count()
