"""A state store whose save writes a unique temporary file, fsyncs it and
`os.replace`s it over the state; only when that fails (a file system without
an atomic rename, a read-only temporary name) does it write the state in
place, after serialising it, in the `except`. The normal path never leaves a
torn file, and an atomic fix of the fallback would fail the same way."""
import json
import os
import tempfile

STATE = os.path.expanduser("~/.local/state/app/state.json")


def load():
    with open(STATE) as f:
        return json.load(f)


def save(state):
    text = json.dumps(state)
    folder = os.path.dirname(STATE)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder)
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, STATE)
    except OSError:
        with open(STATE, "w") as f:
            f.write(text)
