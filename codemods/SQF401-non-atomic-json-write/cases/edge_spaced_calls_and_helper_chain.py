"""Spacing and indirection together: a tab before the parenthesis of `open`,
and a wrapper that returns another wrapper's JSON (two project functions
deep). Reported: the state is read back. A `truncate` with a size keeps the
head of the file (not a cut to nothing): not reported as a truncate-then-write."""
import json
import os

STATE = os.path.expanduser("~/.sync/state.json")


def load():
    with open(STATE) as f:
        return json.load(f)


def dumps_compact(data):
    return json.dumps(data, separators=(",", ":"))


def serialize(data):
    return dumps_compact(data)


def save(data):
    with open	(STATE, "w") as f:
        f.write(serialize(data))


def shrink(data):
    f = os.fdopen(os.open(STATE, os.O_WRONLY | os.O_CREAT, 0o600), "w")
    f.truncate(128)
    f.write(json.dumps(data))
    f.close()
