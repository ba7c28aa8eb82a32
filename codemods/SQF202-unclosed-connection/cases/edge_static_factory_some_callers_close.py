"""A static factory with one caller that closes (`closing`) and one that only
uses `with`: the second is reported, and the factory once, naming that one
caller; the closing caller is left alone."""
import contextlib
import sqlite3

from flask import Flask

app = Flask(__name__)


class Roster:
    @classmethod
    def connect_to(cls, path):
        conn = sqlite3.connect(path, timeout=15.0)
        conn.row_factory = sqlite3.Row
        return conn

    def __init__(self, path):
        self.path = path

    def names(self):
        with contextlib.closing(Roster.connect_to(self.path)) as conn:
            return [r["name"] for r in conn.execute("SELECT name FROM members")]

    def join(self, name):
        with Roster.connect_to(self.path) as conn:
            conn.execute("INSERT INTO members (name) VALUES (?)", (name,))


roster = Roster("roster.db")


@app.route("/join/<name>", methods=["POST"])
def join(name):
    roster.join(name)
    return ", ".join(roster.names())
