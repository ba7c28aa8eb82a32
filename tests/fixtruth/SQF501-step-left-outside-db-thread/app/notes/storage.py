import sqlite3


class SqlTables:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)")

    def upsert(self, note_id, text):
        self.conn.execute("INSERT OR REPLACE INTO notes (id, text) VALUES (?, ?)", (note_id, text))

    def delete_many(self, ids):
        self.conn.executemany("DELETE FROM notes WHERE id = ?", [(i,) for i in ids])

    def ids(self):
        return [r[0] for r in self.conn.execute("SELECT id FROM notes ORDER BY id")]
