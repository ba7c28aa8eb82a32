"""The session-object indexer again, but every call of `add_doc` is inside a
`with session.db:` block or followed at once by a commit: no call leaves the
write transaction open."""
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


def enrich(session, key):
    fetched = requests.get("https://docs.example.com/" + key).text
    add_doc(session, key, fetched)
    session.db.commit()
    return fetched


def worker(keys):
    session = Session()
    for key in keys:
        enrich(session, key)


if __name__ == "__main__":
    procs = [Process(target=worker, args=(["a", "b"],)) for _ in range(2)]
    for p in procs:
        p.start()
