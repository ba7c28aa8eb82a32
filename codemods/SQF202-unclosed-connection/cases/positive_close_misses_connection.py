"""The store keeps an engine, a connection of it and a session; its `close()`
flushes and closes the session only, so the connection and the engine's pool
stay open after every `close()`. The second class closes its cursor but not
the sqlite3 connection it came from."""
import sqlite3

from sqlalchemy import create_engine
from sqlalchemy.orm import Session


def make_engine(path):
    return create_engine(f"sqlite:///{path}")


class Store:
    def __init__(self, path):
        self.engine = make_engine(path)
        self.conn = self.engine.connect()
        self.session = Session(bind=self.conn)

    def add(self, row):
        self.session.add(row)

    def close(self):
        self.session.flush()
        self.session.close()


class Log:
    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.cur = self.db.cursor()

    def write(self, line):
        self.cur.execute("INSERT INTO log VALUES (?)", (line,))
        self.db.commit()

    def close(self):
        self.cur.close()
