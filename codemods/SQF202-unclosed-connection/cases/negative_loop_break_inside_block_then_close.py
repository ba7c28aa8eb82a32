"""A `with connect() as db:` block whose own fetch loop ends with `break`,
followed by the close. The `break` only ends the loop written inside the block,
so the close after the block still runs on every normal path."""

import sqlite3
import threading

STORE = "pantry.db"


def shelf_labels(min_qty):
    labels = []
    with sqlite3.connect(STORE) as db:
        cur = db.cursor()
        cur.execute("SELECT label, qty FROM shelves")
        while True:
            item = cur.fetchone()
            if item is None:
                break
            if item[1] >= min_qty:
                labels.append(item[0])
    if db:
        db.close()
    return labels


def restock(kind, amount):
    if kind:
        with sqlite3.connect(STORE) as db:
            for row in db.execute("SELECT id FROM shelves WHERE kind = ?", (kind,)):
                if row[0] < 0:
                    continue
                db.execute("UPDATE shelves SET qty = qty + ? WHERE id = ?", (amount, row[0]))
        db.close()


def serve(jobs):
    for job in jobs:
        threading.Thread(target=restock, args=job).start()
