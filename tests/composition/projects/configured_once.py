# Runs a fixed sample project: every connection it opens is configured exactly
# once (one `PRAGMA journal_mode=WAL` per connection, whichever module defines the
# helper), the writes all land, and the database file ends in WAL.
import os
import sqlite3
import sys

# The project is the working directory, not this file's.
sys.path.insert(0, os.getcwd())

configured = {}
made = []


class Counting(sqlite3.Connection):
    def execute(self, sql, *args):
        if "journal_mode" in sql.lower():
            configured[id(self)] = configured.get(id(self), 0) + 1
        return super().execute(sql, *args)


real_connect = sqlite3.connect


def connect(*args, **kwargs):
    conn = real_connect(*args, factory=Counting, **kwargs)
    made.append(conn)
    return conn


sqlite3.connect = connect

entry, init, database, per_name = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
module = __import__(f"app.{entry}", fromlist=["run"])
getattr(__import__(f"app.{init}", fromlist=["init"]), "init")()
names = [f"doc{i}" for i in range(8)]
module.run(names)
counts = [configured.get(id(c), 0) for c in made]
assert counts and all(n == 1 for n in counts), f"PRAGMAs per connection: {counts}"
check = real_connect(database)
mode = check.execute("PRAGMA journal_mode").fetchone()[0]
assert mode == "wal", mode
rows = check.execute("SELECT count(*) FROM events").fetchone()[0]
assert rows == per_name * len(names), rows
print(f"ok: {len(made)} connections, each configured once; {rows} rows")
