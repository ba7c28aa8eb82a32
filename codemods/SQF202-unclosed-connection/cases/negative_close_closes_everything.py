"""`close()` methods that close what the object keeps (directly, through a
helper method, or by disposing the engine), and a `close()` that closes
nothing of its own (it only flips a flag): nothing to add here."""
import sqlite3

from sqlalchemy import create_engine


class Full:
    def __init__(self, path):
        self.engine = create_engine(f"sqlite:///{path}")
        self.conn = self.engine.connect()

    def close(self):
        self.conn.close()
        self.engine.dispose()


class ViaHelper:
    def __init__(self, path):
        self.handle = sqlite3.connect(path)
        self.cur = self.handle.cursor()

    def _shutdown(self):
        self.handle.close()

    def close(self):
        self.cur.close()
        self._shutdown()


class SharedEngine:
    def __init__(self, engine):
        self.engine = engine
        self.link = engine.connect()

    def close(self):
        self.link.close()
