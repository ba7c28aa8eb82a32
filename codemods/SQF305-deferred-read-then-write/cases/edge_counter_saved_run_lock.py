"""A command-line tool loads its usage counters at start, adds to them, and
saves them as absolute values; but `main` holds a lock file for the whole run,
so a second run waits for the first to save before it loads. One run at a
time: not reported, though the save alone looks like the lost-count shape."""
import fcntl
import sqlite3
import sys


class Usage:
    def __init__(self, path):
        self.path = path
        self.calls = {}

    def load(self):
        conn = sqlite3.connect(self.path, timeout=5)
        for name, n in conn.execute("SELECT name, calls FROM usage WHERE calls > 0"):
            self.calls[name] = n
        conn.close()

    def bump(self, name):
        self.calls.setdefault(name, 0)
        self.calls[name] += 1

    def save(self):
        conn = sqlite3.connect(self.path, timeout=5)
        with conn:
            for name, n in self.calls.items():
                conn.execute("UPDATE usage SET calls = ? WHERE name = ?", (n, name))
        conn.close()


def main():
    with open("usage.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        usage = Usage("usage.db")
        usage.load()
        for arg in sys.argv[1:]:
            usage.bump(arg)
        usage.save()


if __name__ == "__main__":
    main()
