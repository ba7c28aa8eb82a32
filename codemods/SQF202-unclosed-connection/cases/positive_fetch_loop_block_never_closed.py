"""A `with connect() as db:` block with a fetch loop and nothing after it that
closes the connection: the `with` only commits, so every call leaves an open
connection behind in a server that stays up."""

import sqlite3
import threading

STORE = "pantry.db"


def shelf_report():
    lines = []
    with sqlite3.connect(STORE) as db:
        cur = db.execute("SELECT label, qty FROM shelves")
        while True:
            item = cur.fetchone()
            if item is None:
                break
            lines.append(f"{item[0]}: {item[1]}")
    return "\n".join(lines)


def serve(clients):
    for client in clients:
        threading.Thread(target=lambda c=client: c.send(shelf_report())).start()
