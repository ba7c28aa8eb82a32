"""The state file's reader goes through the settings object too."""
import json

from settings import config


def load_state():
    with open(config.get("state_file")) as f:
        return json.load(f)
