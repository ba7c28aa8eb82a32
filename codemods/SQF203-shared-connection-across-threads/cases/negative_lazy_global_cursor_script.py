"""A single-threaded script keeps a cursor it opens on first use: no second thread."""
import sqlite3
import sys

CURSOR = None


def init():
    global CURSOR
    conn = sqlite3.connect("notes.db")
    CURSOR = conn.cursor()


def lookup(word):
    if CURSOR is None:
        init()
    CURSOR.execute("SELECT note FROM notes WHERE word = ?", (word,))
    return CURSOR.fetchone()


if __name__ == "__main__":
    for word in sys.argv[1:]:
        print(lookup(word))
