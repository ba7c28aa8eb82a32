"""The state file's reader: the daemon loads the index at start and trusts it."""
import json

INDEX = "index.json"


def load_index():
    with open(INDEX, "r+") as f:
        return json.load(f)
