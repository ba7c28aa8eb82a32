"""The PRAGMA list run through the class's helper sets neither WAL nor the busy
timeout (only foreign keys), and the other helper rewrites what it is handed."""
import sqlite3
import threading

SETUP = [
    "PRAGMA foreign_keys=ON",
]


class Store:
    def __init__(self, path):
        self._conn = sqlite3.connect(path, check_same_thread=False)
        for statement in SETUP:
            self._execute(statement)
        self._exec_rewritten("PRAGMA synchronous=NORMAL")

    def _execute(self, sql, params=()):
        return self._conn.execute(sql, params)

    def _exec_rewritten(self, sql):
        sql = sql.replace("NORMAL", "FULL")
        return self._conn.execute(sql)

    def add(self, item):
        self._execute("INSERT INTO items (name) VALUES (?)", (item,))
        self._conn.commit()


store = Store("app.db")


def worker():
    for i in range(100):
        store.add(str(i))


if __name__ == "__main__":
    for _ in range(4):
        threading.Thread(target=worker).start()
