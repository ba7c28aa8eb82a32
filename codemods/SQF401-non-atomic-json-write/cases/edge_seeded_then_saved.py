"""A settings file seeded with a literal default when missing (not reported:
the file did not exist), then rewritten in place by `save()` whenever the user
changes a setting, and read back at every start with a fallback to defaults.
That later write is a checkpoint write: a crash in it loses the settings.
Reported there only."""

import json
import os

SETTINGS = "settings.json"

if not os.path.exists(SETTINGS):
    with open(SETTINGS, "w") as f:
        json.dump({"theme": "light", "volume": 5}, f)


def load() -> dict:
    try:
        with open(SETTINGS) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"theme": "light", "volume": 5}


settings = load()


def save() -> None:
    with open(SETTINGS, "w") as f:
        json.dump(settings, f)


def set_volume(level: int) -> None:
    settings["volume"] = level
    save()
