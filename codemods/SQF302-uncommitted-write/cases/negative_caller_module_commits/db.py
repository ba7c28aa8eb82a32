"""One connection for the whole worker, opened at import."""
import sqlite3

conn = sqlite3.connect("jobs.db", check_same_thread=False)


def fetch_pending():
    return conn.execute("SELECT id, url FROM jobs WHERE state = 'pending'").fetchall()
