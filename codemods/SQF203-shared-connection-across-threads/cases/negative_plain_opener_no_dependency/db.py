"""The same opener in a module without the framework, but no dependency hands
its connection out: a command-line script opens, uses and closes it on its one
thread."""
import sqlite3


def open_connection(path="jobs.db"):
    conn = sqlite3.connect(path, timeout=5, isolation_level=None)
    return conn
