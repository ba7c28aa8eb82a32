"""Two wrapper classes built on every request of a server that stays up.
`SharedDB` connects only when its registry holds no connection for the file
yet and stores the one it opens there: every later instance reuses it, one
connection per file for the life of the process. Not reported. `FreshDB`
connects in every instance and keeps the connection only on itself: each
request leaves one for the garbage collector. Reported."""
import sqlite3
import threading

from flask import Flask

app = Flask(__name__)
_connections = {}
_locks = {}


class SharedDB:
    def __init__(self, filename="app.db"):
        self.filename = filename
        if filename not in _connections:
            _locks[filename] = threading.Lock()
            self.connection = sqlite3.connect(filename, 20, check_same_thread=False)
            _connections[filename] = self.connection
        else:
            self.connection = _connections[filename]

    def rows(self):
        with _locks[self.filename]:
            return self.connection.execute("SELECT * FROM items").fetchall()


class FreshDB:
    def __init__(self, filename="app.db"):
        self.connection = sqlite3.connect(filename, 20)

    def rows(self):
        return self.connection.execute("SELECT * FROM items").fetchall()


@app.route("/shared")
def shared():
    return {"rows": SharedDB().rows()}


@app.route("/fresh")
def fresh():
    return {"rows": FreshDB().rows()}
