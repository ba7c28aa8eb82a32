"""The class runs its PRAGMAs through its own helper, and turns the journal off on
purpose (the shape of coverage 7.17.5, sqlitedb.py: one data file per process)."""
import sqlite3


class SqliteDb:
    def __init__(self, filename):
        self.filename = filename
        self.con = None

    def _connect(self):
        self.con = sqlite3.connect(self.filename, check_same_thread=False, uri=True)
        self.execute_void("pragma journal_mode=off")
        self.execute_void("pragma synchronous=off")

    def execute_void(self, sql, parameters=()):
        self.con.execute(sql, parameters).close()

    def insert(self, row):
        self.execute_void("insert into data values (?)", (row,))
        self.con.commit()
