"""Resumable job state: written after every step, read back at start."""
import json
from pathlib import Path

STATE = Path("state.json")
PROGRESS = "progress.json"


def load():
    if STATE.exists():
        return json.loads(STATE.read_text())
    return {}


def save(state):
    STATE.write_text(json.dumps(state))


def save_progress(done):
    with open(PROGRESS, "w") as f:
        json.dump({"done": done}, f)


def load_progress():
    with open(PROGRESS) as f:
        return json.load(f)["done"]
