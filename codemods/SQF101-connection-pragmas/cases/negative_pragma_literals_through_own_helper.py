"""Each PRAGMA is a literal handed to the class's own helper, which runs its argument."""
import sqlite3
import threading


class Journal:
    def __init__(self, path):
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._run("PRAGMA journal_mode=WAL")
        self._run("PRAGMA synchronous=NORMAL")

    def _run(self, statement, *args):
        cur = self._db.cursor()
        cur.execute(statement, args)
        return cur

    def log(self, text):
        self._run("INSERT INTO log (text) VALUES (?)", text)
        self._db.commit()


journal = Journal("journal.db")


def worker():
    for i in range(100):
        journal.log(str(i))


if __name__ == "__main__":
    for _ in range(4):
        threading.Thread(target=worker).start()
