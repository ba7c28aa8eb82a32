"""A one-shot command that builds a read-only store per file in a loop, and
stops at the first file that has the name: a search keeps one store, not one per
file, and a read-only connection holds no lock. Not reported."""
import sqlite3
import sys


class Index:
    def __init__(self, path):
        self._db = sqlite3.connect(path)

    def has(self, name):
        return self._db.execute("SELECT 1 FROM names WHERE n = ?", (name,)).fetchone()


def main():
    for path in sys.argv[2:]:
        index = Index(path)
        if index.has(sys.argv[1]):
            print(path)
            break


if __name__ == "__main__":
    main()
