"""A checkpoint: the same file name is read back to resume."""
import json
from pathlib import Path


def save(state):
    Path("progress.json").write_text(json.dumps(state))  # expect: SQF401


def load():
    return json.loads(Path("progress.json").read_text())


def save_to(path, state):
    # Edge: a path that spells no name may be anything, so it stays a checkpoint.
    with open(path, "w") as f:  # expect: SQF401
        json.dump(state, f)
