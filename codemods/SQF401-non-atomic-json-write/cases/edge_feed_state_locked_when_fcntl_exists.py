"""A feed poller keeps the entries it has seen in JSON. Where `fcntl` exists
the save takes a lock file and replaces the state atomically; where it does
not (Windows) it falls back to rewriting the file in place, and a kill there
empties the state the next poll reads: the fallback is reported, the locked
atomic save is not."""
import json
import os
import tempfile

STATE_FILE = os.path.expanduser("~/.feedpoll/feeds.json")

try:
    import fcntl

    def save_state(state):
        with open(STATE_FILE + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(STATE_FILE))
            with os.fdopen(fd, "w") as f:
                json.dump(state, f)
            os.replace(tmp, STATE_FILE)

except ImportError:

    def save_state(state):
        with open(STATE_FILE, "w") as f:
            json.dump(state, f)


def load_state():
    try:
        with open(STATE_FILE) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"seen": []}


def poll():
    return ["a", "b"]


def main():
    state = load_state()
    for entry in poll():
        if entry not in state["seen"]:
            state["seen"].append(entry)
    save_state(state)


if __name__ == "__main__":
    main()
