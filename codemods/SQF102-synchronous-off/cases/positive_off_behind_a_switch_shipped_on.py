"""The switch is shipped on, so every run of the program writes without fsync:
a power loss can corrupt the file."""
import sqlite3

FAST_WRITES = True


def open_store(path):
    conn = sqlite3.connect(path)
    if FAST_WRITES:
        conn.execute("PRAGMA synchronous=OFF")
    return conn
