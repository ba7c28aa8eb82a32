"""Database bootstrap: schema, a seed row, then WAL (too late)."""
import sqlite3


def init_db(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("CREATE TABLE IF NOT EXISTS settings (k TEXT PRIMARY KEY, v TEXT)")
    conn.execute("INSERT OR IGNORE INTO settings (k, v) VALUES ('schema', '3')")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.commit()
    conn.close()


def init_with_block(path):
    with sqlite3.connect(path, timeout=5.0) as conn:
        conn.execute("INSERT INTO audit (event) VALUES ('boot')")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")


def migrate(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("ALTER TABLE documents ADD COLUMN checksum TEXT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("COMMIT")
    conn.close()
