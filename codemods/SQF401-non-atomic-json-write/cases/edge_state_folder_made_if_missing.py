"""A state folder made at start when missing (`exist_ok=True`, a fixed name):
last run's state is in it, and the write below overwrites it in place, so it
stays reported. The second writer makes a fresh folder, but writes the file
into another, older folder: also reported."""
import json
import os

STATE_DIR = "state"


def load():
    with open(os.path.join(STATE_DIR, "progress.json")) as f:
        return json.load(f)


def save(progress):
    os.makedirs(STATE_DIR, exist_ok=True)
    with open(os.path.join(STATE_DIR, "progress.json"), "w") as f:
        json.dump(progress, f)


def archive_and_save(progress, stamp):
    os.makedirs(os.path.join("archive", stamp))
    with open(os.path.join(STATE_DIR, "progress.json"), "w") as f:
        json.dump(progress, f)
