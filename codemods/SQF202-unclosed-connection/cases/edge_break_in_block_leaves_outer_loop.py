"""Edge: a `break` inside the block that ends the loop around the block (not a
loop of its own) skips the close that follows the block in that loop, so the
connection of that turn is left to the garbage collector. A fetch loop inside
the block with its own `break` does not skip it."""

import sqlite3
import threading

STORE = "pantry.db"


def first_empty_shelf(kinds):
    for kind in kinds:
        with sqlite3.connect(STORE) as db:
            row = db.execute("SELECT id FROM shelves WHERE kind = ? AND qty = 0", (kind,)).fetchone()
            if row:
                break
        db.close()


def count_shelves():
    total = 0
    with sqlite3.connect(STORE) as db:
        cur = db.execute("SELECT qty FROM shelves")
        while True:
            got = cur.fetchone()
            if got is None:
                break
            total += got[0]
    db.close()
    return total


def serve(jobs):
    for job in jobs:
        threading.Thread(target=first_empty_shelf, args=(job,)).start()
