"""Stores that register their own "connect" listener as a method:
`event.listen(self.engine, "connect", self._set_pragmas)` (a staticmethod) and
`event.listen(engine, "connect", cls._on_connect)` (a classmethod). Both set
WAL and synchronous=NORMAL, so the PRAGMA advice is quiet for both engines;
the read-then-write advice (no BEGIN listener) stays on each."""
import threading

from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import sessionmaker


class Store:
    def __init__(self, path):
        self.engine = create_engine(f"sqlite:///{path}")
        event.listen(self.engine, "connect", self._set_pragmas)
        self.Session = sessionmaker(bind=self.engine)

    @staticmethod
    def _set_pragmas(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    def add(self, value):
        with self.Session() as session:
            session.execute(text("INSERT INTO items VALUES (:v)"), {"v": value})
            session.commit()


class Cache:
    engine = create_engine("sqlite:///cache.db")

    @classmethod
    def install(cls):
        event.listen(cls.engine, "connect", cls._on_connect)

    @classmethod
    def _on_connect(cls, dbapi_connection, connection_record):
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")


Cache.install()


def worker(store):
    for i in range(100):
        store.add(i)
        with Cache.engine.begin() as conn:
            conn.execute(text("INSERT INTO log VALUES (:i)"), {"i": i})


threading.Thread(target=worker, args=(Store("app.db"),)).start()
