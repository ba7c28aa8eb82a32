"""A second program of the tool on the same file: a command that imports a
batch of events, holding the write lock for the whole batch."""

import sqlite3
import sys


def main(path):
    conn = sqlite3.connect("events.db", timeout=5.0)
    with conn:
        for line in open(path, encoding="utf-8"):
            kind, _, payload = line.partition(" ")
            conn.execute("INSERT INTO events (kind, payload) VALUES (?, ?)", (kind, payload))


if __name__ == "__main__":
    main(sys.argv[1])
