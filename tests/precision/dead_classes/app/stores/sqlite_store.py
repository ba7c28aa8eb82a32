"""A class nothing builds: its findings are reported at Low confidence with a
note under the default `dead-code = "low"`, not at all under `skip`."""
import sqlite3


class SQLiteTokenStore:
    def __init__(self, path="tokens.db"):
        self.conn = sqlite3.connect(path, check_same_thread=False)  # expect: SQF101

    def put(self, user):
        self.conn.execute("INSERT INTO tokens VALUES (?)", (user,))
        self.conn.commit()

    @staticmethod
    def purge(path):
        conn = sqlite3.connect(path)  # expect: SQF101 SQF202
        conn.execute("DELETE FROM tokens")
        conn.commit()
