"""An in-memory branch (persist-queue 1.1.0, sqlbase.py), a `with` block that only
reads (sqlitedict 2.1.0, get_tablenames), and init commands the caller configures
(Django 5.2, sqlite3 backend, get_new_connection)."""
import sqlite3


class Queue:
    _MEMORY = ":memory:"

    def _new_db_connection(self, path, multithreading, timeout):
        if path == self._MEMORY:
            conn = sqlite3.connect(path, check_same_thread=not multithreading)
        else:
            conn = sqlite3.connect(path + "/data.db", timeout=timeout)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        return conn


def get_tablenames(filename):
    with sqlite3.connect(filename) as conn:
        cursor = conn.execute('SELECT name FROM sqlite_master WHERE type="table"')
        res = cursor.fetchall()
    return [name[0] for name in res]


class DatabaseWrapper:
    def __init__(self, init_commands):
        self.init_commands = init_commands

    def get_new_connection(self, conn_params):
        conn = sqlite3.connect(**conn_params)
        conn.execute("PRAGMA foreign_keys = ON")
        for init_command in self.init_commands:
            if init_command := init_command.strip():
                conn.execute(init_command)
        return conn
