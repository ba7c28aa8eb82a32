"""Annotated parameters whose object was built on the thread that uses it: the
worker opens the store itself and passes it down to a typed helper, and a
callback closes over a parameter of a function that itself runs on the worker
thread. Nothing crosses threads."""
import sqlite3
import threading


class Archive:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def add(self, item):
        self.conn.execute("INSERT INTO items (name) VALUES (?)", (item,))
        self.conn.commit()


def store_all(archive: Archive, items):
    for item in items:
        archive.add(item)


def each_item(archive: Archive, items):
    def keep(item):
        archive.add(item)

    for item in items:
        keep(item)


def worker(items):
    archive = Archive("archive.db")
    store_all(archive, items)
    each_item(archive, items)


def main():
    threading.Thread(target=worker, args=(["x", "y"],)).start()
