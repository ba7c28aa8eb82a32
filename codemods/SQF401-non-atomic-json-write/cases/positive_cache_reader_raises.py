"""Cache files the program cannot get past when torn: the reader of the first
parses with no guard, so every later lookup raises until someone deletes the
file; the second's reader catches only OSError. Still reported, cache or not."""
import json
import os

CACHE_DIR = "/var/cache/viewer"


def fetch_remote(key):
    return {"key": key}


def load_locations():
    path = os.path.join(CACHE_DIR, "locations.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def location(name):
    known = load_locations()
    if name not in known:
        known[name] = fetch_remote(name)
        with open(os.path.join(CACHE_DIR, "locations.json"), "w") as f:
            json.dump(known, f)
    return known[name]


def table(section):
    rows = []
    try:
        with open(os.path.join(CACHE_DIR, "table_%s.json" % section)) as f:
            rows = json.load(f)
    except IOError:
        pass
    return rows


def save_table(section, rows):
    with open(os.path.join(CACHE_DIR, "table_%s.json" % section), "w") as f:
        json.dump(rows, f)


ENTRIES = ["index.json", "tags.json"]


def load_entry(name):
    # Spells no file name, but parses JSON from the cache folder with no guard:
    # a torn `index.json` below raises here.
    with open(os.path.join(CACHE_DIR, name)) as f:
        return json.load(f)


def load_all():
    return {name: load_entry(name) for name in ENTRIES}


def save_index(index):
    with open(os.path.join(CACHE_DIR, "index.json"), "w") as f:
        json.dump(index, f)
