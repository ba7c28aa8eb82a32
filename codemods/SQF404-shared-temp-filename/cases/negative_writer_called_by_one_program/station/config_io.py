"""The station's settings file. Both programs of the tool load this module, but
only the web console saves settings (the player only reads them): one process
writes `settings.tmp`, so its fixed name is shared with no one. Not reported."""
import json
import os

SETTINGS = "settings.json"


def load_settings(path=SETTINGS):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def save_settings(path, settings):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(settings, fh)
    os.replace(tmp, path)
