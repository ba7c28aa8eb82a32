"""User settings, saved when they change and read back at start."""
import json
from contextlib import suppress
from pathlib import Path

from app import state

SETTINGS = Path("settings.json")


def load():
    with suppress(FileNotFoundError):
        return json.loads(SETTINGS.read_text())
    return {}


def save(settings):
    SETTINGS.write_text(json.dumps(settings))
    state.save({"settings": True})
