"""The SQL layer: plain blocking calls on one apsw connection."""
import apsw


class SqlTables:
    def __init__(self, path):
        self.conn = apsw.Connection(path)

    def upsert(self, note_id, text):
        self.conn.cursor().execute(
            "INSERT OR REPLACE INTO notes (id, text) VALUES (?, ?)", (note_id, text)
        )

    def delete_many(self, ids):
        self.conn.cursor().executemany("DELETE FROM notes WHERE id = ?", [(i,) for i in ids])

    def text_of(self, note_id):
        for (text,) in self.conn.cursor().execute("SELECT text FROM notes WHERE id = ?", (note_id,)):
            return text
        return None
