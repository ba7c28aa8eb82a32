"""An earlier draft of the state store, kept in a trash folder: no entry point
imports it and it is no script of its own, so it never runs."""
import json

STATE = "state.json"


def load():
    with open(STATE) as f:
        return json.load(f)


def save(state):
    with open(STATE, "w") as f:
        json.dump(state, f)
