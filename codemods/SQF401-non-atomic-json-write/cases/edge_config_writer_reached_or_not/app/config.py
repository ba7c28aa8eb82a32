"""The live configuration is read through CONFIG_PATH. The settings route
calls the first writer: reported. The second writer is called only by a
converter that nothing in the application calls (left from before the
configuration moved to another format): its write never happens, not
reported."""
import json

CONFIG_PATH = "config/settings.json"


def load_config():
    with open(CONFIG_PATH) as fh:
        return json.load(fh)


def save_settings(values):
    with open(CONFIG_PATH, "w") as fh:
        json.dump(values, fh, indent=2)


def _dump_json_config(values):
    with open(CONFIG_PATH, "w") as fh:
        json.dump(values, fh)


def convert_to_json(old_values):
    merged = dict(old_values)
    _dump_json_config(merged)
