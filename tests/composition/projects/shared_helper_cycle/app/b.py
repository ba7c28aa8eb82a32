import sqlite3

# Imported by `a` at import time, and importing it back: a name taken from `a`
# when this module is imported would not exist yet.
from app import a


def note(name):
    conn = sqlite3.connect(a.DB_PATH)
    try:
        with conn:
            conn.execute("INSERT INTO events (name) VALUES (?)", (name + "-note",))
    finally:
        conn.close()
