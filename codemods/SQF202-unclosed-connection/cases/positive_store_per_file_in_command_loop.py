"""A one-shot command walks the files named on its command line and builds a
store (which opens its connection in the constructor and has no close) for each:
the run leaves one open connection per file until the collector gets to them."""
import sqlite3
import sys


class Index:
    def __init__(self, path):
        self._db = sqlite3.connect(path)

    def add(self, name):
        self._db.execute("INSERT INTO names VALUES (?)", (name,))
        self._db.commit()


def main():
    for path in sys.argv[1:]:
        index = Index(path)
        index.add(path)


if __name__ == "__main__":
    main()
