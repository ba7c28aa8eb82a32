"""Every use of the class's connection is under its lock, but the module opens the
same file again per report: the second connection can wait for the first's lock."""
import sqlite3
import threading

PATH = "app.db"


class Db:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def add(self, name):
        with self.lock:
            self.conn.execute("INSERT INTO t (name) VALUES (?)", (name,))
            self.conn.commit()


db = Db(PATH)


def report():
    conn = sqlite3.connect(PATH)
    conn.execute("UPDATE stats SET n = n + 1")
    conn.commit()
    conn.close()


def worker():
    for i in range(100):
        db.add(str(i))
        report()


if __name__ == "__main__":
    for _ in range(4):
        threading.Thread(target=worker).start()
