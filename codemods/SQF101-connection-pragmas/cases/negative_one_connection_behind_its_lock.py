"""One connection for the process, every statement and commit under the lock kept
beside it (through the class's private helper too): nothing else opens the file."""
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

    def count(self):
        with self.lock:
            return self.conn.execute("SELECT COUNT(*) FROM t").fetchone()[0]


db = Db("app.db")


def worker():
    for i in range(100):
        db.add(str(i))


if __name__ == "__main__":
    for _ in range(4):
        threading.Thread(target=worker).start()
