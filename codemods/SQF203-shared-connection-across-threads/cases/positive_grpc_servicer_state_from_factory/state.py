import sqlite3


class SqlState:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def initialize(self):
        self.conn.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, status TEXT)")
        self.conn.commit()

    def put(self, job_id, status):
        self.conn.execute("INSERT OR REPLACE INTO jobs VALUES (?, ?)", (job_id, status))
        self.conn.commit()

    def get(self, job_id):
        return self.conn.execute("SELECT status FROM jobs WHERE id = ?", (job_id,)).fetchone()


class StateFactory:
    def __init__(self, path):
        self.path = path

    def state(self) -> SqlState:
        s = SqlState(self.path)
        s.initialize()
        return s
