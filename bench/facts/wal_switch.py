"""F-wal-switch: PRAGMA journal_mode=WAL only takes effect outside a transaction."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-wal-switch", "journal_mode=WAL switches right after connect; inside a transaction it raises before any write and silently keeps the old mode after one")
folder = scratch()

fresh = sqlite3.connect(os.path.join(folder, "a.db"))
got = fresh.execute("PRAGMA journal_mode=WAL").fetchone()[0]
fact.check(got == "wal", f"right after connect it returns {got!r}")

late = sqlite3.connect(os.path.join(folder, "b.db"))
late.execute("CREATE TABLE t (x)")
late.execute("INSERT INTO t VALUES (1)")  # legacy control: an implicit BEGIN is open now
got = late.execute("PRAGMA journal_mode=WAL").fetchone()[0]
fact.check(got == "delete", f"after an uncommitted INSERT it returns {got!r}, with no error")
late.commit()
mode = late.execute("PRAGMA journal_mode").fetchone()[0]
fact.check(mode == "delete", f"after commit the file is still in {mode!r} mode")

explicit = sqlite3.connect(os.path.join(folder, "c.db"), isolation_level=None)
explicit.execute("CREATE TABLE t (x)")
explicit.execute("BEGIN")
try:
    explicit.execute("PRAGMA journal_mode=WAL").fetchone()
    raised = None
except sqlite3.OperationalError as e:
    raised = str(e)
fact.check(raised is not None, f"right after an explicit BEGIN it raises: {raised!r}")
explicit.execute("INSERT INTO t VALUES (1)")
got = explicit.execute("PRAGMA journal_mode=WAL").fetchone()[0]
fact.check(got == "delete", f"after BEGIN and an INSERT it returns {got!r}, with no error")
explicit.execute("COMMIT")
fact.done()
