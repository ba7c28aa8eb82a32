"""F-checkpoint-starved and F-wal-size-limit: what keeps the -wal file large."""
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-checkpoint-starved / F-wal-size-limit", "an open reader stops checkpoints from resetting the WAL, so it grows past wal_autocheckpoint; after a burst the WAL keeps its size unless journal_size_limit is set")
folder = scratch()
ROW = b"x" * 2000


def wal_mb(db):
    path = db + "-wal"
    return os.path.getsize(path) / 1e6 if os.path.exists(path) else 0.0


def commits(conn, n):
    for _ in range(n):
        conn.execute("INSERT INTO t VALUES (?)", (ROW,))


def fresh(name):
    db = os.path.join(folder, name)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE t (b BLOB)")
    return db, conn


# Auto-checkpoint bounds the WAL when nobody holds a snapshot.
db, writer = fresh("free.db")
commits(writer, 3000)
free = wal_mb(db)
fact.check(free < 6, f"3,000 commits, no reader open: WAL {free:.1f} MB (auto-checkpoint at 1,000 pages keeps reusing it)")

# A reader held open pins the WAL: every commit appends.
db, writer = fresh("pinned.db")
commits(writer, 10)
reader = sqlite3.connect(db, isolation_level=None)
reader.execute("BEGIN")
reader.execute("SELECT count(*) FROM t").fetchall()
commits(writer, 3000)
pinned = wal_mb(db)
fact.check(pinned > 2 * free, f"3,000 commits while one read transaction stays open: WAL {pinned:.1f} MB")
busy, _, _ = writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
fact.check(busy == 1, f"wal_checkpoint(TRUNCATE) with the reader open reports busy={busy}")
reader.execute("COMMIT")
reader.close()
busy, _, _ = writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
fact.check(busy == 0 and wal_mb(db) == 0, f"after the reader closes: busy={busy}, WAL {wal_mb(db):.1f} MB")

# One big transaction: the WAL is reset after the checkpoint but keeps its size.
for limit in (None, 1 << 20):
    db, writer = fresh(f"burst{limit}.db")
    if limit is not None:
        writer.execute(f"PRAGMA journal_size_limit={limit}")
    shown = writer.execute("PRAGMA journal_size_limit").fetchone()[0]
    writer.execute("BEGIN")
    commits(writer, 8000)
    writer.execute("COMMIT")
    writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
    commits(writer, 1)  # the next write restarts the WAL from its start
    size = wal_mb(db)
    if limit is None:
        fact.check(shown == -1 and size > 10, f"journal_size_limit={shown} (default): after a 16 MB transaction and a checkpoint the WAL is {size:.1f} MB")
    else:
        fact.check(size * 1e6 <= limit * 1.01, f"journal_size_limit={shown}: the same burst leaves a {size:.2f} MB WAL")
fact.done()
