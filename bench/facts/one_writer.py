"""F-one-writer: one write transaction at a time; in WAL readers and the writer do not block each other."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-one-writer", "SQLite runs one write transaction at a time in every mode; WAL lets readers and the writer proceed together, a rollback journal does not")
folder = scratch()


def open_pair(name, wal):
    db = os.path.join(folder, name)
    a = sqlite3.connect(db, isolation_level=None, timeout=0)
    if wal:
        a.execute("PRAGMA journal_mode=WAL")
    a.execute("CREATE TABLE t (x)")
    a.execute("INSERT INTO t VALUES (0)")
    return a, sqlite3.connect(db, isolation_level=None, timeout=0)


def attempt(conn, sql):
    try:
        for statement in sql:
            conn.execute(statement).fetchall()
        return "ok"
    except sqlite3.OperationalError as e:
        return str(e)


for wal in (True, False):
    mode = "WAL" if wal else "rollback journal"
    writer, other = open_pair(f"{mode[:3]}.db", wal)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    second = attempt(other, ["BEGIN IMMEDIATE"])
    fact.check(second == "database is locked", f"{mode}: a second writer while one holds the write lock: {second!r}")
    if second == "ok":
        other.execute("ROLLBACK")
    read = attempt(other, ["SELECT count(*) FROM t"])
    fact.check(read == "ok", f"{mode}: a reader while the writer has not committed yet: {read!r}")
    writer.execute("COMMIT")

    # A reader holding an open read transaction, then the writer commits.
    reader_open = ["BEGIN", "SELECT count(*) FROM t"]
    other.execute(reader_open[0])
    other.execute(reader_open[1]).fetchall()
    commit = attempt(writer, ["BEGIN IMMEDIATE", "INSERT INTO t VALUES (2)", "COMMIT"])
    if wal:
        fact.check(commit == "ok", f"{mode}: a writer commits while a read transaction is open: {commit!r}")
    else:
        fact.check(commit == "database is locked", f"{mode}: a writer's COMMIT while a read transaction is open: {commit!r}")
        if writer.in_transaction:
            writer.execute("ROLLBACK")
    other.execute("COMMIT")
fact.done()
