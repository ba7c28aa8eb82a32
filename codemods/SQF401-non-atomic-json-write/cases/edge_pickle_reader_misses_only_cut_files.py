"""A pickle cache whose reader catches a cut pickle (`UnpicklingError`) but not
an empty file (`EOFError`, F-empty-pickle): a concurrent run that loads it just
after another truncated it crashes. Reported at the `with` write; the JSON
cache next to it, whose reader takes any decode error for a miss, is not."""
import json
import os
import pickle
from pathlib import Path

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", "/tmp")) / "linter"
PICKLE_CACHE = CACHE_DIR / "files.pickle"
JSON_CACHE = Path("/var/cache/linter-remote/remote-cache.json")


def load_files():
    if not PICKLE_CACHE.exists():
        return {}
    with PICKLE_CACHE.open("rb") as f:
        try:
            return pickle.load(f)
        except (pickle.UnpicklingError, ValueError):
            return {}


def save_files(files):
    with PICKLE_CACHE.open("wb") as f:
        pickle.dump(files, f)


def load_remote():
    try:
        with open(JSON_CACHE) as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError):
        return None


def save_remote(data):
    with open(JSON_CACHE, "w") as f:
        json.dump(data, f)
