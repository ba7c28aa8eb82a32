"""Edge: imported under an alias that the app builds: live."""
import sqlite3


class SQLiteVisitQueue:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)  # expect: SQF101 SQF203

    def push(self, user):
        self.conn.execute("INSERT INTO visits VALUES (?)", (user,))  # expect: SQF303 SQF702
        self.conn.execute("INSERT INTO audit (what) VALUES ('write')")
        self.conn.commit()
