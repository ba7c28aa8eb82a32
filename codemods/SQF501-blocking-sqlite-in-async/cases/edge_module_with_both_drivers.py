"""A module that imports both a server driver and sqlite3: each handle could
be either as far as names go. The SQLite one (opened here with `sqlite3.connect`)
is reported; the method on the PostgreSQL connection is too, because the module
mentions SQLite and its cursor comes from an attribute sqlfix does not trace to
its opener: name-shaped evidence is only discounted where SQLite cannot be."""
import sqlite3

import psycopg2


class Mirror:
    def __init__(self, dsn, path):
        self.remote = psycopg2.connect(dsn)
        self.local = sqlite3.connect(path)

    def pending(self):
        return self.local.execute("SELECT id FROM outbox").fetchall()

    def push(self):
        cur = self.remote.cursor()
        cur.execute("INSERT INTO inbox SELECT 1")
        self.remote.commit()


mirror = Mirror("dbname=main", "outbox.db")


async def sync_once():
    for _ in mirror.pending():
        mirror.push()
