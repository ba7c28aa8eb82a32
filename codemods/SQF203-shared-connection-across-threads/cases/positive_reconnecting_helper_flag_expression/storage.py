"""A sync engine's state store: one connection, reopened by the execute helper
when a statement fails, shared by every public method."""
import logging
import sqlite3

log = logging.getLogger(__name__)


class StateStore:
    def __init__(self, path):
        self.path = path
        self.db = None
        self.__db_connect()

    def __db_connect(self):
        if self.db is not None:
            self.db.close()
        self.db = sqlite3.connect(
            self.path,
            check_same_thread=(self.path == ":memory:"),
            timeout=5,
            isolation_level=None,
        )
        self.db.execute("CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, value TEXT)")

    def __db_execute(self, sql, params=()):
        try:
            return self.db.execute(sql, params)
        except sqlite3.OperationalError:
            log.warning("reconnecting after a failed statement")
            self.__db_connect()
            return self.db.execute(sql, params)

    def create(self, key, value):
        self.__db_execute("INSERT INTO items VALUES (?, ?)", (key, value))

    def update(self, key, value):
        self.__db_execute("UPDATE items SET value = ? WHERE key = ?", (value, key))

    def delete(self, key):
        self.__db_execute("DELETE FROM items WHERE key = ?", (key,))

    def lookup(self, key):
        row = self.__db_execute("SELECT value FROM items WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
