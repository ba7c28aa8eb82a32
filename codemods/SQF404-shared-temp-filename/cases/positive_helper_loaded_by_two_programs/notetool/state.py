"""The note tool's state file, saved by a helper that writes a sibling file
with a fixed `.tmp` suffix, fsyncs it and renames it into place. Both the
editor hook and the sync daemon import it, and each runs as a process of its
own: when both save at once they write one `state.tmp`, and the second rename
fails because the first already moved the file. Reported."""
import json
import os
from pathlib import Path

STATE = Path.home() / ".notetool" / "state.json"


def _store(path: Path, payload) -> None:
    scratch = path.with_suffix(".tmp")
    with open(scratch, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(scratch, path)


def load() -> dict:
    try:
        return json.loads(STATE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def remember(key, value):
    state = load()
    state[key] = value
    _store(STATE, state)
