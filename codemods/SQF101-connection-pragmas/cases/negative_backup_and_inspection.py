"""A dashboard served on request threads, with maintenance helpers whose
connections write no row: a backup's source and destination (committed after
the copy, a no-op), an integrity probe, and a checkpoint probe."""
import sqlite3
from http.server import ThreadingHTTPServer


def copy_database(source, target):
    source_connection = sqlite3.connect(source)
    destination_connection = sqlite3.connect(target)
    try:
        source_connection.backup(destination_connection)
        destination_connection.commit()
    finally:
        destination_connection.close()
        source_connection.close()


def inspect(path):
    connection = sqlite3.connect(path)
    try:
        if connection.execute("pragma integrity_check").fetchall() != [("ok",)]:
            raise RuntimeError("corrupt backup")
        version = connection.execute("pragma user_version").fetchone()[0]
        tables = connection.execute("select name from sqlite_master").fetchall()
        return version, tables
    finally:
        connection.close()


def checkpoint(path):
    connection = sqlite3.connect(path, timeout=0.2)
    try:
        return connection.execute("pragma wal_checkpoint(truncate)").fetchone()
    finally:
        connection.close()


def serve(handler):
    ThreadingHTTPServer(("", 8000), handler).serve_forever()
