"""A ledger that insists on FULL durability, on a WAL database."""
import sqlite3


def open_ledger(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def open_reports(path):
    # Computed: nothing to say about a value only known at run time.
    level = "NORMAL"
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute(f"PRAGMA synchronous={level}")
    return conn
