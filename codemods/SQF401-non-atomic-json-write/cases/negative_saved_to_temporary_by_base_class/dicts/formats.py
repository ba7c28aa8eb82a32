import json
import pickle

from .base import PersistentDict


class PickleDict(PersistentDict):
    def _load(self, filename):
        with open(filename, "rb") as f:
            return pickle.load(f)

    def _save(self, filename):
        with open(filename, "wb") as f:
            pickle.dump(dict(self), f)


class JsonDict(PersistentDict):
    def _load(self, filename):
        with open(filename) as f:
            return json.load(f)

    def _save(self, filename):
        with open(filename, "w") as f:
            json.dump(dict(self), f, indent=2)
