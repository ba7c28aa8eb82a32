"""The application's state, read back at start; written elsewhere only from
places a deployed program never runs."""
import json
import os

STATE = os.path.expanduser("~/.app/state.json")
SETTINGS = os.path.expanduser("~/.app/settings.json")


def load():
    with open(STATE) as f:
        return json.load(f)


def load_settings():
    with open(SETTINGS) as f:
        return json.load(f)


def save(state, debug=False):
    if 0:
        with open(STATE, "w") as f:
            json.dump(state, f)
    if debug:
        with open(STATE, "w") as f:
            json.dump(state, f, indent=2)
