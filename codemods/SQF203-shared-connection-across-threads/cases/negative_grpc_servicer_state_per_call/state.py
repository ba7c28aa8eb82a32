import sqlite3


class SqlState:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def get(self, job_id):
        return self.conn.execute("SELECT status FROM jobs WHERE id = ?", (job_id,)).fetchone()

    def close(self):
        self.conn.close()
