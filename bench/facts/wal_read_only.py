"""F-wal-read-only: a read-only connection cannot switch a rollback-journal file to WAL."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-wal-read-only", "PRAGMA journal_mode=WAL raises on a mode=ro connection to a rollback-journal file, returns the old mode under immutable=1, and still converts the file under query_only")
folder = scratch()
path = os.path.join(folder, "app.db")
setup = sqlite3.connect(path)
setup.execute("CREATE TABLE t (x)")
setup.commit()
setup.close()

read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
try:
    read_only.execute("PRAGMA journal_mode=WAL").fetchone()
    raised = None
except sqlite3.OperationalError as e:
    raised = str(e)
fact.check(raised is not None, f"mode=ro on a rollback-journal file raises: {raised!r}")
read_only.close()

immutable = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
got = immutable.execute("PRAGMA journal_mode=WAL").fetchone()[0]
fact.check(got != "wal", f"immutable=1 returns {got!r}, and the file is not converted")
immutable.close()

query_only = sqlite3.connect(path)
query_only.execute("PRAGMA query_only=1")
got = query_only.execute("PRAGMA journal_mode=WAL").fetchone()[0]
query_only.close()
mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
fact.check(got == "wal" and mode == "wal", f"query_only=1 returns {got!r} and leaves the file in {mode!r}: a connection meant never to write converted the caller's file")

# Once the file is in WAL, a mode=ro connection's request is a no-op.
again = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
got = again.execute("PRAGMA journal_mode=WAL").fetchone()[0]
fact.check(got == "wal", f"mode=ro on a file already in WAL returns {got!r}")
again.close()
fact.done()
