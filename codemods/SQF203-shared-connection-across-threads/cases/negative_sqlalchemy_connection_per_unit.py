"""SQLAlchemy on SQLite with no Connection shared across threads."""
import threading

from flask import Flask, jsonify
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker


class Database:
    def __init__(self, url="sqlite:///app.db"):
        self.engine = create_engine(url)
        # Bound to the engine: each thread's Session checks out its own connection.
        self.session = scoped_session(sessionmaker(bind=self.engine))


class SqlHelper:
    def __init__(self, engine):
        self._engine = engine

    def rows(self, sql):
        with self._engine.connect() as conn:
            return conn.execute(text(sql)).fetchall()


class LockedHelper:
    def __init__(self, engine):
        self.engine = engine
        self.connection = self.engine.connect()
        self._lock = threading.Lock()

    def rows(self, sql):
        with self._lock:
            return self.connection.execute(text(sql)).fetchall()


class Exporter:
    """Keeps its connection, but only the command below uses it, on the main thread."""

    def __init__(self, engine):
        self.engine = engine
        self.connection = self.engine.connect()

    def dump(self):
        return self.connection.execute(text("SELECT * FROM users")).fetchall()


app = Flask(__name__)
db = Database()
helper = SqlHelper(db.engine)
locked = LockedHelper(db.engine)


@app.route("/users")
def users():
    return jsonify([r[0] for r in helper.rows("SELECT id FROM users")] + locked.rows("SELECT 1"))


if __name__ == "__main__":
    print(Exporter(db.engine).dump())
