# An issue tracker's storage class: the driver is imported under another name
# with a fallback for old Pythons, and the connection lives on the instance.
# The web front end (four uWSGI processes) and the bulk-import command both
# write through it.
try:
    import sqlite3 as sqlite
except ImportError:
    from pysqlite2 import dbapi2 as sqlite


class Backend:
    def __init__(self, path):
        self.conn = sqlite.connect(path)

    def create_issue(self, title, body):
        cur = self.conn.cursor()
        cur.execute("INSERT INTO issues (title, body) VALUES (?, ?)", (title, body))
        cur.execute("UPDATE counters SET n = n + 1 WHERE name = 'issues'")
        self.conn.commit()

    def issues(self):
        return self.conn.execute("SELECT id, title FROM issues").fetchall()
