"""Cache files in the program's cache folder whose readers survive a torn file:
the reader catches the decode error, carries on with nothing and fetches the data
again from where it came from (a remote service), which rewrites the entry. The
entry's name is formatted from a key (`%` and `.format`), which varies the name,
not which file it is."""
import json
import os
import time

CACHE_DIR = os.path.join(os.path.expanduser("~"), ".cache", "viewer")
TTL = 3600
DATA_DIR = "/var/lib/viewer"


def fetch_remote(key):
    return {"key": key}


def item_details(key):
    path = os.path.join(CACHE_DIR, "details-%s.json" % key)
    details = {}
    try:
        with open(path) as f:
            details = json.load(f)
    except (OSError, ValueError):
        pass
    if details and time.time() - details.get("_at", 0) < TTL:
        return details
    details = fetch_remote(key)
    details["_at"] = time.time()
    with open(path, "w") as f:
        json.dump(details, f)
    return details


def releases(kind, data=None):
    path = os.path.join(CACHE_DIR, "releases_{}.json".format(kind))
    if data:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)
        return data
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except Exception:
        pass
    return releases(kind, fetch_remote(kind))


def listing(root):
    path = os.path.join(DATA_DIR, "remote-listing-cache.json")
    if os.path.exists(path):
        try:
            with open(path) as f:
                cached = json.load(f)
            if time.time() - cached["at"] < TTL:
                return cached["items"]
        except Exception:
            print("cache unreadable, fetching")
    items = fetch_remote(root)
    with open(path, "w") as f:
        json.dump({"at": time.time(), "items": items}, f)
    return items


def thumbnail(name):
    # Reads images from the same cache folder by a name it does not spell, and
    # parses no JSON: not a reader of the JSON entries above.
    with open(os.path.join(CACHE_DIR, name), "rb") as f:
        return f.read()
