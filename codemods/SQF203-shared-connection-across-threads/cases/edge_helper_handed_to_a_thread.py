"""The private helper is called under the lock, but it is also handed to a timer
thread as its target: that run holds no lock."""
import sqlite3
import threading


class Db:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def _flush(self):
        self.conn.execute("DELETE FROM queue WHERE done = 1")
        self.conn.commit()

    def add(self, name):
        with self.lock:
            self.conn.execute("INSERT INTO queue (name, done) VALUES (?, 0)", (name,))
            self._flush()

    def schedule(self):
        threading.Timer(60, self._flush).start()


db = Db("app.db")


def worker():
    for i in range(100):
        db.add(str(i))


if __name__ == "__main__":
    db.schedule()
    for _ in range(4):
        threading.Thread(target=worker).start()
