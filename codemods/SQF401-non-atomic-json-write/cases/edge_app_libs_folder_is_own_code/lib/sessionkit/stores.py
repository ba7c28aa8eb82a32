"""Session stores of a bundled web toolkit, picked by a name at run time."""
import json
import os


class MemoryStore(dict):
    def save(self, sid):
        pass


class DiskStore(dict):
    folder = "sessions"

    def load(self, sid):
        with open(os.path.join(self.folder, sid + ".json")) as f:
            return json.load(f)

    def save(self, sid):
        with open(os.path.join(self.folder, sid + ".json"), "w") as f:
            json.dump(self.get(sid), f)


def open_store(kind="memory"):
    return globals()[kind.title() + "Store"]()
