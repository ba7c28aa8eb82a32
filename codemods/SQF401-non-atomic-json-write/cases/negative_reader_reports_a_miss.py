"""Files whose every reader treats undecodable JSON as a miss and returns
nothing: a lookup cache (the caller fetches again and rewrites the entry) and a
status file a display polls (the next poll reads the next complete write)."""
import json
from pathlib import Path

LOOKUPS = Path("cache") / "lookups"
LEVEL_FILE = "run/level.status"


def _entry(key) -> Path:
    return LOOKUPS / f"{key}.lookup.json"


def cached(key):
    path = _entry(key)
    if path.exists():
        try:
            with open(path) as f:
                return json.load(f)
        except Exception:
            pass
    return None


def remember(key, value):
    with open(_entry(key), "w") as f:
        json.dump(value, f)


def show_level(status_file=LEVEL_FILE):
    try:
        with open(status_file) as f:
            text = f.read()
    except OSError:
        return
    try:
        level = json.loads(text)
    except json.JSONDecodeError:
        return
    print(level["level"])


def set_level(level):
    with open(LEVEL_FILE, "w") as f:
        json.dump({"level": level}, f)
