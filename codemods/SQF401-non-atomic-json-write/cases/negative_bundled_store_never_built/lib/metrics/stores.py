"""Stores of a bundled analytics client. The app keeps the default one in
memory; the file-backed store, which writes its JSON in place, is built by
nothing the app runs, so its write is the library's business."""
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
