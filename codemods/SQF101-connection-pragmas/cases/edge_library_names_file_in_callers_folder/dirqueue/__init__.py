import sqlite3
import threading


class DirectoryQueue:
    """The caller names a folder; the library names the file inside it and takes
    WAL itself. synchronous stays the library's durability promise."""

    def open(self, directory):
        conn = sqlite3.connect("{}/{}".format(directory, "queue.db"), check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn


def start(queue, directory):
    threading.Thread(target=queue.open, args=(directory,)).start()


def own_cache():
    return sqlite3.connect("dirqueue-cache.db")
