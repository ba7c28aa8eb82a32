"""The lookup cache of one pass. The passes run one at a time, but the
dashboard, a program of its own, reads the same file while they run: the
pragma advice stays."""
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
