"""The method makes a new key (uuid4) and reads it back through the getter
before writing it in the write context. No other caller can hold a key made in
this call, so nobody else reads or writes that row in between: not reported,
though the shape (getter, then a write built from its answer) is the merge
race's."""
import json
import sqlite3
import threading
import uuid
from contextlib import contextmanager


class Sessions:
    def __init__(self, path):
        self.path = path

    @contextmanager
    def _open(self):
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def data(self, sid):
        with self._open() as conn:
            row = conn.execute("SELECT data FROM sessions WHERE sid = ?", (sid,)).fetchone()
        return json.loads(row[0]) if row else {}

    def start(self, user):
        sid = uuid.uuid4().hex
        data = self.data(sid)
        data["user"] = user
        with self._open() as conn:
            conn.execute("INSERT INTO sessions (sid, data) VALUES (?, ?)", (sid, json.dumps(data)))
        return sid


def serve(sessions):
    for n in range(4):
        threading.Thread(target=sessions.start, args=(n,)).start()
