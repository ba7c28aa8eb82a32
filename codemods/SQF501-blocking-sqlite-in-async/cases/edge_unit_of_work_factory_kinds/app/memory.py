"""A unit of work on a dict: no database."""


class MemoryUnitOfWork:
    def __init__(self) -> None:
        self.data = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def fetch(self, key):
        return (self.data.get(key),)

    def store(self, key, value):
        self.data[key] = value
