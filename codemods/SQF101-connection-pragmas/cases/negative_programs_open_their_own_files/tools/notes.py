"""A notes tool with a database of its own."""
import sqlite3
import sys

NOTES_DB = "notes.db"


def add(text):
    conn = sqlite3.connect(NOTES_DB)
    conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    add(" ".join(sys.argv[1:]))
