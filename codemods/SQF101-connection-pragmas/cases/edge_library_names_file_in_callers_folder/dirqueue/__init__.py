import sqlite3
import threading


class DirectoryQueue:
    """The caller names a folder; the library names the file inside it. Its
    journal mode and durability are the library's promise to its callers, so
    the finding is a suggestion, not a fix."""

    def open(self, directory):
        conn = sqlite3.connect("{}/{}".format(directory, "queue.db"), check_same_thread=False)
        return conn


def start(queue, directory):
    threading.Thread(target=queue.open, args=(directory,)).start()


def own_cache():
    return sqlite3.connect("dirqueue-cache.db")
