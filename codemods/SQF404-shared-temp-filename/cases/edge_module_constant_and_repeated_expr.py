import json
import os

STATE = "state.json"
STATE_TMP = "state.json.tmp"


def save_state(state):
    with open(STATE_TMP, "w") as f:
        json.dump(state, f)
    os.replace(STATE_TMP, STATE)


def save_result(path, result):
    with open(path + ".tmp", "w") as f:
        json.dump(result, f)
    os.replace(path + ".tmp", path)
