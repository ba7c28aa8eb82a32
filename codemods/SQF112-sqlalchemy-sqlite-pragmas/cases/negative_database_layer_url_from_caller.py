"""A database layer whose URL comes from the caller with no default, and
another whose default names PostgreSQL: nothing says either engine is on
SQLite, so no SQLite advice is given."""
import threading

from sqlalchemy import create_engine, text


class Database:
    def __init__(self, url, **kwargs):
        self.engine = create_engine(url, **kwargs)
        self.local = threading.local()

    def connection(self):
        if not hasattr(self.local, "conn"):
            self.local.conn = self.engine.connect()
        return self.local.conn

    def record(self, value):
        conn = self.connection()
        conn.execute(text("INSERT INTO events (value) VALUES (:v)"), {"v": value})
        conn.commit()


class Warehouse:
    def __init__(self, url="postgresql://localhost/warehouse", **kwargs):
        self.engine = create_engine(url, **kwargs)


def work(db):
    for i in range(100):
        db.record(i)


def main(url):
    db = Database(url)
    threads = [threading.Thread(target=work, args=(db,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
