"""A one-process tool with the same helper and one uncommitted call: no other
process or thread uses the file, so nobody waits on the lock it keeps (the
write still waits for the commit at the end)."""
import sqlite3
import sys
import time

conn = sqlite3.connect("notes.db")
conn.execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")


def add_note(body):
    conn.execute("INSERT INTO notes (body) VALUES (?)", (body,))


def add_now(body):
    with conn:
        add_note(body)


def add_slowly(bodies):
    for body in bodies:
        add_note(body)
        time.sleep(1)
    conn.commit()


if __name__ == "__main__":
    add_now(sys.argv[1])
    add_slowly(sys.argv[2:])
