"""synchronous=FULL in branches that do not say the file is off WAL: in the
branch taken when the switch *returned* `wal`, and under a feature flag. Both
stay reported (MONITOR: FULL on a WAL file is a durability choice). The
`else` of a `not testing` test is the test configuration: not reported."""
import sqlite3

STRICT = True


def connect(path, testing=False):
    conn = sqlite3.connect(path, timeout=10)
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode == "wal":
        conn.execute("PRAGMA synchronous=FULL")
    if STRICT:
        conn.execute("PRAGMA synchronous=EXTRA")
    if not testing:
        conn.execute("PRAGMA temp_store=MEMORY")
    else:
        conn.execute("PRAGMA synchronous=FULL")
    return conn
