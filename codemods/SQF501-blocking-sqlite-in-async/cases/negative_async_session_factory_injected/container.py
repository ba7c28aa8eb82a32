"""A small service container: the repository gets its factory from the
`Database` the container builds once."""
from database import Database
from repository import NoteRepository


class Container:
    def __init__(self, path):
        self.database = Database(path)
        self.notes = NoteRepository(self.database.session_factory)
