"""Project functions whose value is not always JSON text: a `to_text()` that
returns YAML in one branch, and one that may return `None`. The written
value says nothing certain, so neither write is reported as JSON."""
import json
import os

import yaml

STATE = os.path.expanduser("~/.tool/state.json")


def load():
    with open(STATE) as f:
        return json.load(f)


def to_text(data, fmt):
    if fmt == "yaml":
        return yaml.safe_dump(data)
    return json.dumps(data)


def maybe_json(data):
    if not data:
        return None
    return json.dumps(data)


def save(data, fmt):
    with open(STATE, "w") as f:
        f.write(to_text(data, fmt))


def save_maybe(data):
    with open(STATE, "w") as f:
        f.write(maybe_json(data))
