"""The same helper with one program only: the daemon saves from its one
thread and nothing else loads the module, so no second writer shares the
fixed temporary name. Not reported."""
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
