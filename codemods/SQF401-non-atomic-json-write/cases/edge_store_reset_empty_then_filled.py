"""A write that begins with an empty store but puts entries in before it
dumps carries data: only a dump of a literal empty object is quiet. The
reader loads the store with no recovery. Reported."""
import json

STORE = "queue.json"


def read_queue():
    with open(STORE) as fh:
        return json.load(fh)


def reset_with_defaults(defaults):
    fresh = {}
    fresh.update(defaults)
    with open(STORE, "w") as fh:
        json.dump(fresh, fh)
