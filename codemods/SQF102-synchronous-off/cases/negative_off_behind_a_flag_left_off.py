"""Durability traded away only when someone asks for it: a module switch shipped
off, an environment variable, and an option object's field. The default path
keeps the safe setting."""
import os
import sqlite3

UNSAFE_BULK_LOAD = False


def open_store(path, options):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    if UNSAFE_BULK_LOAD:
        conn.execute("PRAGMA synchronous=OFF")
    if os.environ.get("STORE_NO_FSYNC"):
        conn.execute("PRAGMA synchronous=0")
    if options.skip_fsync:
        conn.execute("PRAGMA synchronous = OFF")
    return conn
