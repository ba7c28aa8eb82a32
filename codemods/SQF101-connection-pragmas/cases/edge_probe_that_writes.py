"""Looks like maintenance, but writes: the version stamp is a write (reported),
and a connection handed back to the caller may be used for anything (reported)."""
import sqlite3
from http.server import ThreadingHTTPServer


def stamp(path):
    connection = sqlite3.connect(path)
    try:
        connection.execute("pragma integrity_check").fetchall()
        connection.execute("pragma user_version = 3")
    finally:
        connection.close()


def open_probe(path):
    connection = sqlite3.connect(path)
    connection.execute("pragma integrity_check").fetchall()
    return connection


def serve(handler):
    ThreadingHTTPServer(("", 8000), handler).serve_forever()
