"""Not a conversion: the function removes a file after writing the state, but
it is a lock file it created itself, never one it read. The state is rewritten
in place on every run and read back at the next: reported."""
import json
import os

LOCK = "sync.lock"
STATE = "sync_state.json"


def load_state():
    with open(STATE) as fh:
        return json.load(fh)


def sync_once(new_items):
    with open(LOCK, "w") as lock:
        lock.write(str(os.getpid()))
    state = load_state()
    state["items"].extend(new_items)
    with open(STATE, "w") as fh:
        json.dump(state, fh)
    os.remove(LOCK)
