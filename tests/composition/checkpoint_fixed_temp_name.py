# composes: SQF401, SQF404
# Checkpoints written in place and through a fixed temporary name: the atomic
# write and the unique temporary name rewrite the same `open`.
import json
import os


def save_state(folder, state):
    with open(os.path.join(folder, "state.json"), "w") as f:
        json.dump(state, f)


def load_state(folder):
    # Read back on restart: a torn write is what the next run would load.
    with open(os.path.join(folder, "state.json")) as f:
        return json.load(f)


def save_stage(folder, stage, output):
    tmp = os.path.join(folder, "stage.tmp")
    with open(tmp, "w") as f:
        json.dump(output, f)
    os.replace(tmp, os.path.join(folder, f"{stage}.json"))
