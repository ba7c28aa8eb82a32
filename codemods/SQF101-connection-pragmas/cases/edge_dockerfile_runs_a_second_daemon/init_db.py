"""The schema, created once when app.py is imported, before its loop runs. The
Dockerfile copies this file by name and runs cleaner.py beside app.py: the
watcher's and the cleaner's connections meet in two processes and are reported
(one root, the file), while this start-up connection, used for its own work and
never handed on, is not."""
import sqlite3


def init_db():
    conn = sqlite3.connect("watch.db")
    conn.execute("CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, title TEXT)")
    conn.commit()
