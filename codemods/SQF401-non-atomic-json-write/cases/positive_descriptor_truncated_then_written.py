"""A cache shared by several processes keeps each entry in its own JSON file.
`__setitem__` opens the file through a descriptor (to choose its
permissions), without `O_TRUNC`, then cuts it with `truncate()` and writes the
new text: the file is empty in between, as with `open(p, "w")`. The second
store names `O_TRUNC` in its flags: empty at the open."""
import json
import os


class FileCache:
    def __init__(self, directory):
        self.directory = directory

    def _path(self, key):
        return os.path.join(self.directory, key + ".json")

    def __getitem__(self, key):
        with open(self._path(key)) as f:
            return json.load(f)

    def __setitem__(self, key, value):
        text = json.dumps(value)
        f = os.fdopen(os.open(self._path(key), os.O_WRONLY | os.O_CREAT, 0o600), "w")
        try:
            f.truncate()
            f.write(text)
        finally:
            f.close()


STATE = os.path.expanduser("~/.agent/state.json")


def load_state():
    with open(STATE) as f:
        return json.load(f)


def save_state(state):
    fd = os.open(STATE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(state, f)
