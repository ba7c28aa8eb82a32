"""The application's state file, read back at start. Its writer is atomic;
the test support and developer tools beside it write the same file in place."""

import json
import os

STATE = os.path.join(os.path.dirname(__file__), "state.json")


def load():
    with open(STATE) as f:
        return json.load(f)


def save(state):
    tmp = STATE + ".new"
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, STATE)
