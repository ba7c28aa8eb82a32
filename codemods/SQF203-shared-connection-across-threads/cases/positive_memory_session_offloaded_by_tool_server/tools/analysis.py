"""An analysis session made once per server process: its in-memory database
is opened on the thread that builds the server."""
import sqlite3


class AnalysisSession:
    def __init__(self):
        self.conn = sqlite3.connect(":memory:")

    def refresh(self, name, rows):
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS {name} (v)")
        self.conn.executemany(f"INSERT INTO {name} VALUES (?)", [(r,) for r in rows])
        self.conn.commit()

    def describe(self, name):
        return self.conn.execute(f"SELECT count(*) FROM {name}").fetchone()

    def query(self, sql):
        return self.conn.execute(sql).fetchall()
