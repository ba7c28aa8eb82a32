"""Get-or-create on a connection the store keeps: select, else insert and
commit. When another process (a second master on the same file) inserts the
same name first, the INSERT fails with IntegrityError, which is passed over;
the failed INSERT's transaction stays open with the write lock
(F-busy-first-write), and the select after it runs inside it."""
import sqlite3


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def worker_id(self, name):
        row = self.conn.execute("SELECT id FROM workers WHERE name = ?", (name,)).fetchone()
        if row:
            return row[0]
        try:
            self.conn.execute("INSERT INTO workers (name) VALUES (?)", (name,))
            self.conn.commit()
        except sqlite3.IntegrityError:
            pass
        return self.conn.execute("SELECT id FROM workers WHERE name = ?", (name,)).fetchone()[0]
