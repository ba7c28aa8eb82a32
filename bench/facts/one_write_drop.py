"""F-one-write-drop: a per-call helper whose only write cannot break a constraint
leaves no lock when an exception drops its connection."""
import gc
import os
import sqlite3
import time

from _fact import Fact, scratch

fact = Fact(
    "F-one-write-drop",
    "open, one DELETE (or an UPDATE/INSERT OR REPLACE of unconstrained columns), commit, close: "
    "the write can fail only with 'database is locked', which takes no lock, so the dropped "
    "connection blocks no one even before the cyclic GC",
)
folder = scratch()

for wal in (True, False):
    mode = "WAL" if wal else "rollback journal"
    db = os.path.join(folder, f"{mode[:3]}.db")
    setup = sqlite3.connect(db)
    if wal:
        setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE cache (k TEXT PRIMARY KEY, v TEXT, at TEXT)")
    setup.execute("CREATE TABLE strict_t (k TEXT UNIQUE NOT NULL)")
    setup.execute("INSERT INTO cache VALUES ('a', '1', 'x')")
    setup.execute("INSERT INTO strict_t VALUES ('a')")
    setup.commit()

    def probe():
        other = sqlite3.connect(db, timeout=0)
        try:
            other.execute("INSERT INTO cache (v) VALUES ('probe')")
            other.rollback()
            return "can write"
        except sqlite3.OperationalError as e:
            return str(e)
        finally:
            other.close()

    def helper(sql, args=()):
        conn = sqlite3.connect(db, timeout=0)
        cur = conn.cursor()
        cur.execute(sql, args)
        conn.commit()
        conn.close()

    def run_dropped(sql, args=()):
        try:
            helper(sql, args)
            return "ok"
        except sqlite3.Error as e:
            return str(e)

    gc.collect()
    gc.disable()
    # 1. The one-write helpers, run while another connection holds the write lock.
    for sql, args in (
        ("DELETE FROM cache WHERE k = ?", ("a",)),
        ("UPDATE cache SET v = ?, at = ? WHERE k = ?", (None, "y", "a")),
        ("INSERT OR REPLACE INTO cache (k, v, at) VALUES (?, ?, ?)", ("a", "2", "z")),
    ):
        holder = sqlite3.connect(db, timeout=0)
        holder.execute("INSERT INTO cache (v) VALUES ('holder')")
        failed = run_dropped(sql, args)
        holder.commit()
        holder.close()
        seen = probe()
        fact.check(
            failed == "database is locked" and seen == "can write",
            f"{mode}: {sql.split()[0]} failed with {failed!r}; after the holder commits a third connection {seen}",
        )
    # 2. Unconstrained, the same writes succeed on any value (no constraint to break).
    fact.check(
        run_dropped("INSERT OR REPLACE INTO cache (k, v, at) VALUES (?, ?, ?)", ("a", None, None)) == "ok",
        f"{mode}: INSERT OR REPLACE on an existing key with NULLs succeeds",
    )
    # 3. Contrast: a one-write helper that breaks a constraint keeps the lock.
    failed = run_dropped("INSERT INTO strict_t VALUES (?)", ("a",))
    seen = probe()
    fact.check(
        failed.startswith("UNIQUE") and seen == "database is locked",
        f"{mode}: a write that breaks UNIQUE fails with {failed!r} and a third connection gets {seen!r} until the GC",
    )
    gc.enable()
    gc.collect()
    # 4. The lock error comes only after the busy wait: one dropped connection
    # per wait, however often the helper is called.
    holder = sqlite3.connect(db, timeout=0)
    holder.execute("INSERT INTO cache (v) VALUES ('holder')")
    waiting = sqlite3.connect(db, timeout=0.3)
    started = time.monotonic()
    try:
        waiting.execute("DELETE FROM cache WHERE k = ?", ("a",))
        outcome = "ok"
    except sqlite3.OperationalError as e:
        outcome = str(e)
    waited = time.monotonic() - started
    waiting.close()
    holder.rollback()
    holder.close()
    fact.check(
        outcome == "database is locked" and waited >= 0.3,
        f"{mode}: with a 0.3 s busy timeout the first write fails with {outcome!r} after {waited:.2f} s",
    )
    setup.close()
fact.done()
