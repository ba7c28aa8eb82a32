"""A disk cache: `__setitem__` hands the value to `dump(value, fn)` at the
final file name, and `__getitem__` trusts that name once it exists. The
pickle subclass's `dump` opens `fn` with "wb": a kill mid-dump leaves a cut
file that every later lookup takes for a hit and fails to load. Reported at
the `dump`'s open (where the write is), naming the setter that calls it; the
JSON subclass writes the same way."""
import json
import os
import pickle


class DiskCache:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def path(self, key):
        return os.path.join(self.folder, key)

    def __contains__(self, key):
        return os.path.exists(self.path(key))

    def __getitem__(self, key):
        fn = self.path(key)
        if os.path.exists(fn):
            return self.load(fn)
        raise KeyError(key)

    def __setitem__(self, key, value):
        fn = self.path(key)
        return self.dump(value, fn)

    def load(self, fn):
        raise NotImplementedError

    def dump(self, value, fn):
        raise NotImplementedError


class PickleCache(DiskCache):
    def load(self, fn):
        with open(fn, "rb") as f:
            return pickle.load(f)

    def dump(self, value, fn):
        with open(fn, "wb") as f:
            pickle.dump(value, f, -1)


class JsonCache(DiskCache):
    def load(self, fn):
        with open(fn) as f:
            return json.load(f)

    def dump(self, value, fn):
        with open(fn, "w") as f:
            json.dump(value, f)


def memoize(cache):
    def wrap(func):
        def inner(key):
            if key in cache:
                return cache[key]
            value = func(key)
            cache[key] = value
            return value

        return inner

    return wrap


results = PickleCache(os.path.expanduser("~/.cache/model-serving"))


@memoize(results)
def predict(key):
    return {"key": key}
