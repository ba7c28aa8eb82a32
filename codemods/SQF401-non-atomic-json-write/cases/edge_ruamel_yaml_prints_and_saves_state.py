"""Edge: ruamel's serializer prints a listing to the terminal (a stream that
is no file: not reported) and dumps the program's own state, loaded back at
start, into the file it truncates first (reported)."""
import os
import sys

from ruamel.yaml import YAML

yaml = YAML()
STATE = "state.yaml"


def show(rows):
    yaml.dump({"rows": rows}, sys.stdout)


def load_state():
    if os.path.exists(STATE):
        with open(STATE) as f:
            return yaml.load(f)
    return {}


def save_state(state):
    with open(STATE, "w") as f:
        yaml.dump(state, f)
