"""A CLI tool that uses TRUNCATE and never WAL: nothing conflicts (SQF101 says the rest)."""
import sqlite3


def open_archive(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=TRUNCATE")
    return conn
