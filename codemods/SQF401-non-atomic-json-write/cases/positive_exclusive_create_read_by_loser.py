"""Create-exclusive settings read by whoever loses the create race: two build
processes started together both try `open(cfg, "x")`; the loser reads the file
while the winner is still dumping it and parses an empty or cut file. Reported
(without a fix), in both spellings: a `with` that dumps JSON, and a Path opened
"xb" with a pickle whose loser reads the bytes back."""
import json
import pickle
from pathlib import Path


def shared_config(cfg, defaults):
    try:
        with open(cfg, "x") as f:
            json.dump(defaults, f)
        return defaults
    except FileExistsError:
        with open(cfg) as f:
            return json.load(f)


def build_plan(store: Path, plan):
    try:
        with store.open("xb") as f:
            pickle.dump(plan, f)
    except (FileExistsError, PermissionError):
        plan = pickle.loads(store.read_bytes())
    return plan
