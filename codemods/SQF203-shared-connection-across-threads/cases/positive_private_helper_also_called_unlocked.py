"""The class's private helper runs under the lock from `add`, but `purge` calls it
without the lock: the helper's uses are not serialized."""
import sqlite3
import threading


class Db:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def _run(self, sql, params=()):
        cur = self.conn.execute(sql, params)
        self.conn.commit()
        return cur

    def add(self, name):
        with self.lock:
            self._run("INSERT INTO t (name) VALUES (?)", (name,))

    def purge(self):
        self._run("DELETE FROM t WHERE name = ''")


db = Db("app.db")


def worker():
    for i in range(100):
        db.add(str(i))
    db.purge()


if __name__ == "__main__":
    for _ in range(4):
        threading.Thread(target=worker).start()
