"""The same lock-helper write, where another function edits the file in place
under the data file's own lock ("r+b": read, change, rewrite). Moving the
writer's lock to a lock file would let the two run at once, so the finding
comes with advice and no fix. A lock helper in its default append mode does
not truncate, and a JSON dump under it is no in-place rewrite: not reported."""
import json
import pickle

import portalocker

STATE = "/var/lib/queue/state.pickle"
EVENTS = "/var/lib/queue/events.jsonl"


def load():
    with open(STATE, "rb") as f:
        return pickle.load(f)


def save(state):
    with portalocker.Lock(STATE, "wb") as f:
        pickle.dump(state, f)


def bump(key):
    with portalocker.Lock(STATE, "r+b") as f:
        state = pickle.load(f)
        state[key] = state.get(key, 0) + 1
        f.seek(0)
        f.truncate()
        pickle.dump(state, f)


def record(event):
    with portalocker.Lock(EVENTS) as f:
        f.write(json.dumps(event) + "\n")
