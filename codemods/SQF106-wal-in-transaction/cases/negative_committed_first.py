"""WAL after the write was committed, in autocommit mode, or via a script."""
import sqlite3


def init_db(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("INSERT OR IGNORE INTO settings (k, v) VALUES ('schema', '3')")
    conn.commit()
    conn.close()


def reseed(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("DELETE FROM cache")
    conn.commit()
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def autocommit(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO audit (event) VALUES ('boot')")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def scripted(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("INSERT INTO audit (event) VALUES ('boot')")
    conn.executescript("PRAGMA journal_mode=WAL;")
    conn.close()


def with_block_then_wal(path):
    conn = sqlite3.connect(path, timeout=5.0)
    with conn:
        conn.execute("INSERT INTO audit (event) VALUES ('boot')")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
