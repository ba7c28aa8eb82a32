"""State files rewritten through read-write truncating modes. `"w+"` and
`"w+b"` truncate the file at open exactly as `"w"` does, and `"wt"` is `"w"`:
a Ctrl-C or a crash during the dump leaves a short file, and each file here is
loaded back at the next start with no fallback."""
import json
import pickle

HASHES = "hashes.json"
SEEN = "seen.pkl"
CURSOR = "cursor.json"


def load_hashes():
    with open(HASHES) as f:
        return json.load(f)


def save_hashes(state):
    with open(HASHES, "w+") as f:
        json.dump(state, f, indent=2)


def load_seen():
    with open(SEEN, "rb") as f:
        return pickle.load(f)


def save_seen(seen):
    with open(SEEN, "w+b") as f:
        pickle.dump(seen, f)


def load_cursor():
    with open(CURSOR, "rt") as f:
        return json.load(f)["offset"]


def save_cursor(offset):
    with open(CURSOR, "wt") as f:
        json.dump({"offset": offset}, f)
