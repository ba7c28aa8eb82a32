import json
import os

SETTINGS = os.path.join(os.path.dirname(__file__), "plugin_settings.json")


def load_settings():
    with open(SETTINGS) as f:
        return json.load(f)


def _write(data):
    with open(SETTINGS, "w") as f:
        json.dump(data, f)


def update_setting(key, value):
    data = load_settings()
    data[key] = value
    _write(data)
