"""The same openers through SQF401's gates. A gzipped cache whose reader takes
an unreadable file for a miss and fetches again: not reported. A compressed
state seeded with an empty object only when it is missing: not reported (there
was nothing to lose). The same state's later rewrite on every change, which a
reader loads to carry on: reported. A handle bound in a one-shot command's
`main()`: not reported (the command's crash is in front of its user)."""
import gzip
import json
import lzma
import os
import threading

CACHE = "/var/cache/feeds/index.json.gz"
STATE = "/var/lib/feeds/state.json.xz"


def cached_index():
    try:
        with gzip.open(CACHE, "rt") as f:
            return json.load(f)
    except (OSError, EOFError, ValueError):
        return None


def store_index(index):
    with gzip.open(CACHE, "wt") as f:
        json.dump(index, f)


def seed_state():
    if not os.path.exists(STATE):
        with lzma.open(STATE, "wt") as f:
            json.dump({}, f)


def load_state():
    with lzma.open(STATE, "rt") as f:
        return json.load(f)


def save_state(state):
    with lzma.open(STATE, "wt") as f:
        json.dump(state, f)


def worker(feeds):
    seed_state()
    state = load_state()
    for feed in feeds:
        state[feed] = state.get(feed, 0) + 1
        save_state(state)
        index = cached_index() or {}
        index[feed] = True
        store_index(index)


def start(feeds):
    threading.Thread(target=worker, args=(feeds,)).start()
