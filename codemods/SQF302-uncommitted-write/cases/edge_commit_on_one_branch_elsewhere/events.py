"""Batches its commits: the write lock is held between batches, which the
local check of the committing function reports; the writer here is not the
project-wide 'never committed' shape."""
from db import conn

pending = 0


def add(kind):
    global pending
    conn.execute("INSERT INTO events (kind) VALUES (?)", (kind,))
    pending += 1
    if pending >= 100:
        conn.commit()
        pending = 0
