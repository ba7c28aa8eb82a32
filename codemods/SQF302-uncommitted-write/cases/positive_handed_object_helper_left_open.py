"""A document indexer keeps its connection on a session object handed to
every helper. `add_doc` inserts and leaves the commit to its callers: the
import and the rename wrap it in `with session.db:`, but the enrichment path
calls it bare after a download and goes on parsing, so the implicit
transaction holds the write lock while the other indexer processes wait."""
import sqlite3
from multiprocessing import Process

import requests


class Session:
    def __init__(self):
        self.db = sqlite3.connect("indexed_docs.db", timeout=5)


def add_doc(session, key, body):
    session.db.execute("INSERT OR REPLACE INTO docs (key, body) VALUES (?, ?)", (key, body))


def import_docs(session, docs):
    for key, body in docs:
        with session.db:
            add_doc(session, key, body)


def rename(session, old, new, body):
    with session.db:
        session.db.execute("DELETE FROM docs WHERE key = ?", (old,))
        add_doc(session, new, body)


def enrich(session, key):
    for (body,) in session.db.execute("SELECT body FROM docs WHERE key = ?", (key,)):
        return body
    fetched = requests.get("https://docs.example.com/" + key).text
    add_doc(session, key, fetched)
    return fetched


def worker(keys):
    session = Session()
    for key in keys:
        enrich(session, key)


if __name__ == "__main__":
    procs = [Process(target=worker, args=(["a", "b"],)) for _ in range(2)]
    for p in procs:
        p.start()
