"""A database layer whose URL comes from the caller, defaulting to a SQLite
file, with no "connect" listener; worker threads each take a connection of
their own from the engine's pool. Callers that pass no URL run on SQLite in
the rollback journal with no WAL."""
import threading

from sqlalchemy import create_engine, text


class Database:
    def __init__(self, url="sqlite:///data/app.db", **kwargs):
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


def work(db):
    for i in range(100):
        db.record(i)


def main():
    db = Database()
    threads = [threading.Thread(target=work, args=(db,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
