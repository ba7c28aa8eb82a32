"""The lookup cache, shared by four worker processes running at once:
reported (the writers wait on each other's locks)."""
import sqlite3

CACHE = "lookups.db"


def cached(key):
    with sqlite3.connect(CACHE) as conn:
        row = conn.execute("SELECT answer FROM lookups WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def store(key, answer):
    with sqlite3.connect(CACHE) as conn:
        conn.execute("INSERT OR REPLACE INTO lookups (key, answer) VALUES (?, ?)", (key, answer))


def run_pass(listing):
    with open(listing) as f:
        for key in f.read().split():
            if cached(key) is None:
                store(key, key[::-1])
