"""A logger that keeps one cursor for every caller, used by a command-line tool
on its only thread: the thread check is off, but no second thread ever calls
it, so nothing is reported."""
import sqlite3
import sys
import time


class RunLog:
    def __init__(self, path="runs.db"):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cursor = self.conn.cursor()

    def log(self, what):
        self.cursor.execute("INSERT INTO runs VALUES (?, ?)", (time.time(), what))
        self.conn.commit()


def main(argv):
    log = RunLog()
    for name in argv:
        log.log(name)


if __name__ == "__main__":
    main(sys.argv[1:])
