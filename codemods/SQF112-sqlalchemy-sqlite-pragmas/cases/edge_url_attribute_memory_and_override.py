"""Edge: an in-memory URL on `self` is not a file (no WAL to set); a base
class whose one subclass here fills the URL with a SQLite file is reported as
likely SQLite, for review."""
from sqlalchemy import create_engine


class Scratch:
    def __init__(self):
        self.url = "sqlite://"
        self.engine = create_engine(self.url)


class Catalog:
    url = ""

    def open(self):
        self.engine = create_engine(self.url)


class FileCatalog(Catalog):
    def __init__(self, path):
        self.url = f"sqlite:///{path}"
