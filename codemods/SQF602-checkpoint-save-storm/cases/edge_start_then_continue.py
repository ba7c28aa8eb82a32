"""Edge: the loop starts a writer for every stale library (the `return` sits
after the loop, and the `break` only leaves an inner loop): a fan-out."""

import sqlite3
import threading


def rebuild_index(library_id):
    conn = sqlite3.connect("library.db")
    conn.execute("DELETE FROM index_rows WHERE library = ?", (library_id,))
    conn.commit()
    conn.close()


def rebuild_stale(libraries):
    started = []
    for library in libraries:
        if library["stale"]:
            threading.Thread(target=rebuild_index, args=(library["id"],)).start()
            started.append(library["id"])
    return started


def rebuild_shelves(libraries):
    for library in libraries:
        for shelf in library["shelves"]:
            threading.Thread(target=rebuild_index, args=(shelf,)).start()
            break
