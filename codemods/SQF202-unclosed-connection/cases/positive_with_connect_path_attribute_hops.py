"""The path is several attribute hops away; the `with` still only commits."""

import sqlite3


class Recorder:
    def __init__(self, owner):
        self.owner = owner

    async def on_message(self, message):
        self.record(message)

    def record(self, message):
        with sqlite3.connect(self.owner.manager.path) as conn:
            conn.execute("INSERT INTO messages (body) VALUES (?)", (message,))
            conn.commit()

    def count(self):
        with sqlite3.connect(self.owner.settings.storage.db_file, timeout=30.0) as conn:
            return conn.execute("SELECT count(*) FROM messages").fetchone()[0]
