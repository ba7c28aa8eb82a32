"""The fallback that yields with the connection open, in a library module: it
does not recurse and nothing shows a process that stays up, so one suspended
generator holds one connection until its consumer finishes; not reported."""
import sqlite3


def listing(path):
    return [path]


def cached_listing(db, path):
    conn = sqlite3.connect(db, timeout=1)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        yield from listing(path)
        return
    conn.commit()
    conn.close()
    yield path
