# composes: SQF203, SQF303
# A store object's connection, shared by a thread pool, writes in `with conn:`
# blocks: the lock around every use of the connection serializes each
# transaction too, so the write lock is not offered a second time, and the lock
# joins the `with` block's items instead of nesting another `with` around it.
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def save(self, key, value):
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, value)
            )
            self.conn.execute("INSERT INTO kv_log (key) VALUES (?)", (key,))

    def load(self, key):
        row = self.conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


store = Store("kv.db")


def save_all(items):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for key, value in items:
            pool.submit(store.save, key, value)
