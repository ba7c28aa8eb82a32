"""Test support outside the `tests/` folder: writes the state a test starts
from. A torn write fails that test run, and the next run writes it again."""

import json

from app.store import STATE


def seed_state(items):
    with open(STATE, "w") as f:
        json.dump({"items": items}, f)
