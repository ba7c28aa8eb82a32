"""The bot's storage: every method opens its own connection, runs one keyed
statement (or a short batch run once), commits and closes before it returns."""
import sqlite3

DB_FILE = "points.db"


class Storage:
    def __init__(self, path=DB_FILE):
        self.path = path

    def setup(self):
        with sqlite3.connect(self.path) as conn:
            conn.executescript(
                "CREATE TABLE IF NOT EXISTS members (id INTEGER PRIMARY KEY, points INTEGER);"
                "CREATE TABLE IF NOT EXISTS tags (member INTEGER, tag TEXT);"
            )

    def points(self, member_id):
        conn = sqlite3.connect(self.path)
        try:
            row = conn.execute("SELECT points FROM members WHERE id = ?", (member_id,)).fetchone()
        finally:
            conn.close()
        return row[0] if row else 0

    def add_point(self, member_id):
        conn = sqlite3.connect(self.path)
        conn.execute(
            "INSERT INTO members (id, points) VALUES (?, 1) "
            "ON CONFLICT(id) DO UPDATE SET points = points + 1 WHERE id = excluded.id",
            (member_id,),
        )
        conn.commit()
        conn.close()

    def top(self, n=10):
        with sqlite3.connect(self.path) as conn:
            return conn.execute(
                "SELECT id, points FROM members ORDER BY points DESC LIMIT ?", (n,)
            ).fetchall()

    def tag(self, member_id, tags):
        # One batch, one transaction: bounded by the message that carries it.
        with sqlite3.connect(self.path) as conn:
            conn.executemany(
                "INSERT INTO tags (member, tag) VALUES (?, ?)", [(member_id, t) for t in tags]
            )
