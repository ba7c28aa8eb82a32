"""An example of the API, run by hand by a reader of the docs."""
import json
import os

STATE = os.path.expanduser("~/.app/state.json")


def bootstrap(state):
    with open(STATE, "w") as f:
        json.dump(state, f)


def show():
    with open(STATE) as f:
        print(json.load(f))
