"""A Flask app (threaded by default) on an engine whose pool keeps a
connection per thread and closes arbitrary ones past `pool_size`. The URL is
a config class's attribute that defaults to a SQLite file: likely SQLite,
and the engine passes an option only sqlite3 accepts, so the fixes are unsafe
rather than for review."""
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.pool import SingletonThreadPool

from config import Config

app = Flask(__name__)
engine = create_engine(
    Config.DB_URL, poolclass=SingletonThreadPool, connect_args={"check_same_thread": False}
)


@app.route("/count")
def count():
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT count(*) FROM item")).scalar())


if __name__ == "__main__":
    app.run()
