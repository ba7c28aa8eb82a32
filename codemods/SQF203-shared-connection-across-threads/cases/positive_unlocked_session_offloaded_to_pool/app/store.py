"""The connection may cross threads, but nothing serializes its users."""
import sqlite3


class NoteStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body)")

    def add(self, body):
        self.conn.execute("INSERT INTO notes (body) VALUES (?)", (body,))
        self.conn.commit()

    def remove(self, note_id):
        self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        self.conn.commit()
