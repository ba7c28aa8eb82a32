"""An explicit deferred `BEGIN`, a read, then a write that does not use what was
read (a timestamp keyed by the argument). Reported all the same: the read took
a snapshot inside the transaction, and the write must upgrade it; when another
connection committed since the read (or holds the write lock) SQLite fails
that upgrade at once with SQLITE_BUSY(_SNAPSHOT), without the busy handler,
whatever the write's values (bench/facts/read_then_write.py writes `n = n + 1`
from SQL, not from the read, and fails in under a millisecond)."""
import sqlite3
import threading

DB = "audit.db"


def touch(user):
    conn = sqlite3.connect(DB, isolation_level=None, timeout=5)
    conn.execute("BEGIN")
    seen = conn.execute("SELECT count(*) FROM visits WHERE user = ?", (user,)).fetchone()
    conn.execute("UPDATE users SET last_seen = CURRENT_TIMESTAMP WHERE id = ?", (user,))
    conn.execute("COMMIT")
    conn.close()
    return seen


def serve(users):
    for user in users:
        threading.Thread(target=touch, args=(user,)).start()
