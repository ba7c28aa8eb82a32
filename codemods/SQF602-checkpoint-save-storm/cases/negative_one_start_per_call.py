"""A handler whose loop finds the library asked for, starts one rebuild thread
for it and returns: the start sits in the loop, but so does the return, so at
most one writer starts per call."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=4)


def rebuild_index(library_id):
    conn = sqlite3.connect("library.db")
    conn.execute("DELETE FROM index_rows WHERE library = ?", (library_id,))
    conn.execute("INSERT INTO index_rows SELECT * FROM staged WHERE library = ?", (library_id,))
    conn.commit()
    conn.close()


def handle_rebuild(request, libraries):
    for library in libraries:
        if library["name"] == request["name"]:
            worker = threading.Thread(target=rebuild_index, args=(library["id"],))
            worker.start()
            return {"started": library["id"]}
    return {"error": "no such library"}


def handle_first_stale(libraries):
    for library in libraries:
        if library["stale"]:
            pool.submit(rebuild_index, library["id"])
            break
