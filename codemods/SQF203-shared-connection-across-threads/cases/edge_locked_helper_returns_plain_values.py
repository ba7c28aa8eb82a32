"""Locked helpers that hand back plain values of the cursor (`lastrowid`,
`rowcount`), a write helper that returns the cursor of its UPDATE (no rows to
read later), a generic helper whose callers only ever write through it, and a
generator that yields rows with the lock held: nothing is read outside the
lock, so nothing is reported."""
import sqlite3
import threading
import time

from flask import Flask, jsonify

app = Flask(__name__)


class Notes:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def add(self, text):
        with self.lock:
            cur = self.conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
            self.conn.commit()
            return cur.lastrowid

    def purge(self, before):
        with self.lock:
            cur = self.conn.execute("DELETE FROM notes WHERE at < ?", (before,))
            self.conn.commit()
            return cur.rowcount

    def touch(self, note_id):
        with self.lock:
            return self.conn.execute("UPDATE notes SET at = ? WHERE id = ?", (time.time(), note_id))

    def run(self, sql, params=()):
        with self.lock:
            return self.conn.execute(sql, params)

    def each(self):
        with self.lock:
            for row in self.conn.execute("SELECT id, text FROM notes"):
                yield row


notes = Notes("notes.db")


@app.route("/notes", methods=["POST"])
def create():
    return jsonify({"id": notes.add("hello")})


@app.route("/notes")
def listing():
    return jsonify(list(notes.each()))


def cleaner():
    while True:
        notes.purge(time.time() - 86400)
        notes.run("UPDATE stats SET swept = swept + 1")
        time.sleep(3600)


threading.Thread(target=cleaner, daemon=True).start()
