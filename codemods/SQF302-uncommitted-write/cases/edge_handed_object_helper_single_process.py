"""One process only: a bare call of the session helper leaves the transaction
open until the next commit, but no other process or thread uses the file, so
there is nobody for the open write lock to block."""
import sqlite3

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
    return fetched


if __name__ == "__main__":
    s = Session()
    import_docs(s, [("a", "")])
    enrich(s, "a")
