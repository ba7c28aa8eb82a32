"""Labelled from buku 5.1 and todoman 4.7 (naive): a CLI and a small web server
sharing one database file, opened with the rollback journal.

Judged: SQF101 true (the processes block each other while one writes); the
status JSON written in place is SQF401 true (it is read back on the next run).
"""
import json
import os
import sqlite3


class BookmarkDB:
    def __init__(self, dbfile):
        self.conn = sqlite3.connect(dbfile)  # expect: SQF101
        self.cur = self.conn.cursor()
        self.cur.execute(
            "CREATE TABLE IF NOT EXISTS bookmarks (id INTEGER PRIMARY KEY, url TEXT UNIQUE, tags TEXT)"
        )
        self.conn.commit()

    def add(self, url, tags):
        self.cur.execute("INSERT INTO bookmarks (url, tags) VALUES (?, ?)", (url, tags))
        self.conn.commit()


def save_state(directory, state):
    with open(os.path.join(directory, "status.json"), "w") as fh:  # expect: SQF401
        json.dump(state, fh)


def load_state(directory):
    with open(os.path.join(directory, "status.json")) as fh:
        return json.load(fh)
