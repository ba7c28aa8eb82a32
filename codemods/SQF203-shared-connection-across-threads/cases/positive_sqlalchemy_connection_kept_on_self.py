"""SQLAlchemy Connections made once and shared by request threads."""
from flask import Flask, g, jsonify
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker


class Database:
    def __init__(self, url="sqlite:///app.db"):
        self.engine = create_engine(url)
        self.connection = self.engine.connect()
        # One Session per request context, all bound to the one Connection above.
        self.session = scoped_session(sessionmaker(bind=self.connection), scopefunc=lambda: id(g))


class SqlHelper:
    def __init__(self, engine):
        self._engine = engine

    def rows(self, sql, **params):
        if not hasattr(self, "_connection"):
            self._connection = self._engine.connect()
        return self._connection.execute(text(sql), params).fetchall()


app = Flask(__name__)
db = Database()
helper = SqlHelper(db.engine)


@app.route("/users")
def users():
    return jsonify([r[0] for r in helper.rows("SELECT id FROM users")])
