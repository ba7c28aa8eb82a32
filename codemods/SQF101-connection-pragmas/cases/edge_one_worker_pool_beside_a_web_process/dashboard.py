"""A web page over the lookup cache, served by its own process while the
scheduler's passes write to it."""
import sqlite3

from flask import Flask

from pipeline import CACHE

app = Flask(__name__)


@app.route("/count")
def count():
    conn = sqlite3.connect(CACHE)
    try:
        return str(conn.execute("SELECT COUNT(*) FROM lookups").fetchone()[0])
    finally:
        conn.close()


if __name__ == "__main__":
    app.run()
