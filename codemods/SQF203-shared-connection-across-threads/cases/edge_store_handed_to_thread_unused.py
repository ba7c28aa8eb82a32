"""Edge: the wrapper is handed to the worker thread, but the worker only reads a
plain attribute of it (its path); the connection stays on the thread that
opened it, so nothing crosses. The wrapper's own method runs on the main
thread."""
import sqlite3
import threading


class Archive:
    def __init__(self, path):
        self.path = path
        self.conn = sqlite3.connect(path)

    def size(self):
        return self.conn.execute("SELECT count(*) FROM items").fetchone()[0]


def report(archive):
    print("archiving to", archive.path)


def main():
    archive = Archive("archive.db")
    threading.Thread(target=report, args=(archive,)).start()
    print(archive.size())
