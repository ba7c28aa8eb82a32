"""Connection helpers of an async service. Both hand back aiosqlite
connections: their queries run on aiosqlite's own thread, whatever the
helper's name or the fact that the helper itself is a plain `def`."""
import aiosqlite


def open_snapshot(path):
    # Read-only: a reader never takes the write lock.
    return aiosqlite.connect(f"file:{path}?mode=ro", uri=True)


def open_ledger(path):
    conn = aiosqlite.connect(path, timeout=10)
    return conn


def open_default():
    # A factory on top of a factory: still an aiosqlite connection.
    return open_ledger("ledger.db")
