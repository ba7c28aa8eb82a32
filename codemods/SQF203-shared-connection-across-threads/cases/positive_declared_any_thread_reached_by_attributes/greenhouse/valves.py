"""The valve board's state, kept in SQLite by one object for the whole process.

The connection is opened for any thread (check_same_thread=False) and one cursor
serves every method with no lock: the scheduler's thread and the web requests
interleave on it."""
import sqlite3


class ValveBoard:
    def __init__(self, path):
        self.__db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.__cur = self.__db.cursor()
        self.__cur.execute("CREATE TABLE IF NOT EXISTS valves (id INTEGER PRIMARY KEY, open INTEGER)")

    def open_valve(self, valve_id):
        self.__cur.execute("UPDATE valves SET open = 1 WHERE id = ?", (valve_id,))

    def close_valve(self, valve_id):
        self.__cur.execute("UPDATE valves SET open = 0 WHERE id = ?", (valve_id,))

    def states(self):
        return {row[0]: bool(row[1]) for row in self.__cur.execute("SELECT id, open FROM valves")}

    def shutdown(self):
        self.__db.close()
