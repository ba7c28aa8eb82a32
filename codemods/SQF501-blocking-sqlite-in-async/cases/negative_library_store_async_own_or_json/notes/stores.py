"""Stores the project keeps in memory or in a JSON file: no SQLite anywhere."""


class NoteStore:
    def __init__(self, db_path):
        self.db_path = db_path
        self.notes = {}

    def read(self, key):
        return self.notes.get(key)
