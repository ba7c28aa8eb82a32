"""Stores of a bundled analytics client; the app picks one by name."""
import json


class MemoryStore(dict):
    def save(self):
        pass


class DiskStore(MemoryStore):
    def __init__(self, location):
        super().__init__()
        self.location = location
        with open(location) as f:
            self.update(json.load(f))

    def save(self):
        with open(self.location, "w") as f:
            json.dump(self, f)


def dump_to_disk(store, location):
    with open(location, "w") as f:
        json.dump(store, f)
