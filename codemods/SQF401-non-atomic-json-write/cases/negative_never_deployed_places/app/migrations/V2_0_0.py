"""A settings migration: run once by the upgrade command that brings it."""
import json

from app.state import SETTINGS


def migrate(settings):
    settings["version"] = "2.0.0"
    with open(SETTINGS, "w") as f:
        json.dump(settings, f)
    return settings
