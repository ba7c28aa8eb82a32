"""Both waits are short: reported once, at the PRAGMA that decides the wait. A
connection that checkpoints and also writes is no probe: its timeout is reported."""
import sqlite3


def open_writer(path):
    conn = sqlite3.connect(path, timeout=0.05)
    conn.execute("PRAGMA busy_timeout = 100")
    return conn


def compact(path):
    conn = sqlite3.connect(path, timeout=0.2)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("DELETE FROM log WHERE at < date('now', '-30 days')")
    conn.commit()
    conn.close()
