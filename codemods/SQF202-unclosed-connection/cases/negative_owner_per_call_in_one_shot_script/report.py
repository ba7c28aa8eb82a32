"""A one-shot script (run once per finished download, then it exits) builds a
store object per call, and nothing closes the store's connection. Each
connection commits after every statement, so it holds no lock; its file
handle waits for the garbage collector or the exit a moment later. Nothing
piles up: not reported. (The same class in a server that stays up is
reported: positive_owner_connection_via_local.)"""
import sqlite3
import sys


class History:
    def __init__(self, path="history.db"):
        self.connection = sqlite3.connect(path, 20)

    def record(self, name, status):
        self.connection.execute(
            "INSERT INTO history (name, status) VALUES (?, ?)", (name, status)
        )
        self.connection.commit()


def process(name):
    history = History()
    history.record(name, "done")


def main(argv):
    for name in argv[1:]:
        process(name)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
