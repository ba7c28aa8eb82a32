"""F-immutable-no-locks: an `immutable=1` connection takes no lock, so it never waits on a writer nor makes one wait."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-immutable-no-locks", "in the rollback journal, a reader in an open transaction makes a writer's commit fail with timeout=0 unless it opened the file with immutable=1; an immutable reader also reads while a writer holds the exclusive lock")
path = os.path.join(scratch(), "app.db")
setup = sqlite3.connect(path)
setup.execute("CREATE TABLE t (x)")
setup.execute("INSERT INTO t VALUES (1)")
setup.commit()
setup.close()


def commit_while_reading(uri):
    """A reader keeps a read transaction open; can a writer commit at once?"""
    reader = sqlite3.connect(uri, uri=True, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM t").fetchall()
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        writer.execute("BEGIN")
        writer.execute("INSERT INTO t VALUES (2)")
        writer.execute("COMMIT")
        error = None
    except sqlite3.OperationalError as e:
        error = str(e)
        writer.execute("ROLLBACK")
    reader.execute("COMMIT")
    reader.close()
    writer.close()
    return error


plain = commit_while_reading(f"file:{path}")
fact.check(plain is not None, f"a plain reader's open transaction blocks the commit: {plain!r}")
immutable = commit_while_reading(f"file:{path}?immutable=1")
fact.check(immutable is None, f"an immutable=1 reader's open transaction does not: {immutable!r}")

holder = sqlite3.connect(path, isolation_level=None)
holder.execute("BEGIN EXCLUSIVE")
try:
    sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0).execute("SELECT count(*) FROM t").fetchone()
    ro_error = None
except sqlite3.OperationalError as e:
    ro_error = str(e)
fact.check(ro_error is not None, f"a mode=ro reader waits on the exclusive lock (it takes locks): {ro_error!r}")
rows = sqlite3.connect(f"file:{path}?immutable=1", uri=True, timeout=0).execute("SELECT count(*) FROM t").fetchone()[0]
fact.check(rows >= 1, f"an immutable=1 reader reads through it ({rows} rows), no lock asked")
holder.execute("ROLLBACK")
holder.close()
fact.done()
