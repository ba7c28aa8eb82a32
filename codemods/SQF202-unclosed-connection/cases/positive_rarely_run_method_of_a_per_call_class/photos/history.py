"""Which files were already imported. Every method opens its own connection
and never closes it. `seen` runs once per file of every import; `count` runs
once, from the command line's --forget option. The class's open-per-call idiom
is one cause: `count` is reported beside `seen`, although it runs once,
because the fix (close in every method, or one kept connection) covers both,
and maintainers fix the rarely run methods with the others."""
import sqlite3


class History:
    def __init__(self, path="history.db"):
        self.path = path

    def seen(self, name):
        conn = sqlite3.connect(self.path)
        row = conn.execute("SELECT 1 FROM files WHERE name = ?", (name,)).fetchone()
        return row is not None

    def count(self):
        conn = sqlite3.connect(self.path)
        return conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
