"""Scratch names that are not private memory databases. `file::memory:?cache=shared`
is one database for every connection of the process that names it, with table
locks between them; `file::memory:` without `uri=True` is an ordinary file of
that odd name. Both are per call and closed only on their success paths beside
worker threads: reported. `file:scratch?mode=memory` with `uri=True` is private:
not reported. An object that keeps a private `:memory:` database and has no
`close()` is still reported when one is built per call: each instance's
database stays in memory until the cyclic GC."""

import sqlite3
import threading


def shared_scratch(rows):
    db = sqlite3.connect("file::memory:?cache=shared", uri=True)
    db.execute("CREATE TABLE IF NOT EXISTS s (k TEXT)")
    db.executemany("INSERT INTO s VALUES (?)", rows)
    db.commit()
    db.close()


def file_named_memory(rows):
    db = sqlite3.connect("file::memory:")
    db.execute("CREATE TABLE IF NOT EXISTS s (k TEXT)")
    db.executemany("INSERT INTO s VALUES (?)", rows)
    db.commit()
    db.close()


def private_scratch(rows):
    db = sqlite3.connect("file:scratch?mode=memory", uri=True)
    db.execute("CREATE TABLE s (k TEXT)")
    db.executemany("INSERT INTO s VALUES (?)", rows)
    db.commit()
    db.close()


class Tally:
    def __init__(self):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)")

    def add(self, key):
        self.db.execute("INSERT OR IGNORE INTO t VALUES (?, 0)", (key,))
        self.db.execute("UPDATE t SET n = n + 1 WHERE k = ?", (key,))


def work(rows):
    tally = Tally()
    for (key,) in rows:
        tally.add(key)
    shared_scratch(rows)
    file_named_memory(rows)
    private_scratch(rows)


def main():
    for rows in ([("a",)], [("b",)]):
        threading.Thread(target=work, args=(rows,)).start()


if __name__ == "__main__":
    main()
