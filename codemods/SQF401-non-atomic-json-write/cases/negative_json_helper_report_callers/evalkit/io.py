"""Shared file helpers of an evaluation kit."""
import json
from pathlib import Path


def save_json(path, obj):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2)


def write_release_notes(target, notes):
    out = Path(target).expanduser()
    out.write_text(json.dumps(notes, indent=2))
