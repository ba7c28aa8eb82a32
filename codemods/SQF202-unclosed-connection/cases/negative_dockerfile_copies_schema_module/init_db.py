"""The schema, created once when app.py is imported, before the watcher's
scheduler starts. The Dockerfile copies this file into the image by name but
never runs it: it is no program of its own, so no other process shares the
database, and the connection is gone before anything else runs. Not reported."""
import sqlite3


def init_db():
    conn = sqlite3.connect("watch.db")
    conn.execute("CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, title TEXT)")
    conn.commit()
