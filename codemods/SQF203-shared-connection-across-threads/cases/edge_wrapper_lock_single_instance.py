"""One wrapper object for the whole program: its lock is the only way to the
connection, so it does serialize the threads: not reported."""
import sqlite3
import threading

conn = sqlite3.connect("cache.db", check_same_thread=False)


class Cache:
    def __init__(self, connection):
        self.cur = connection.cursor()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            self.cur.execute("SELECT v FROM cache WHERE k = ?", (key,))
            return self.cur.fetchone()

    def put(self, key, value):
        with self.lock:
            self.cur.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, value))


cache = Cache(conn)


def worker(key):
    cache.put(key, key * 2)
    return cache.get(key)


def main():
    for key in range(4):
        threading.Thread(target=worker, args=(key,)).start()
