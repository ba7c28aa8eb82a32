"""Edge: ruamel's serializer dumps an export that the program never reads
back (a file handed to the user): nothing resumes from it, not reported. The
program's own state, dumped by the same serializer and loaded at start, is."""
import os

from ruamel.yaml import YAML

yaml = YAML()
STATE = "state.yaml"


def export(rows, path):
    with open(path, "w") as f:
        yaml.dump({"rows": rows}, f)


def load_state():
    if os.path.exists(STATE):
        with open(STATE) as f:
            return yaml.load(f)
    return {}


def save_state(state):
    with open(STATE, "w") as f:
        yaml.dump(state, f)
