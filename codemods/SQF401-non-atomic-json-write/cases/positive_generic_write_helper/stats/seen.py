import json

from .files import write_file

SEEN_FILE = "data/seen_ids.json"


def load_seen():
    try:
        with open(SEEN_FILE) as f:
            return set(json.load(f))
    except (OSError, ValueError):
        return set()


def save_seen(seen):
    payload = json.dumps(sorted(seen))
    write_file(SEEN_FILE, payload)
