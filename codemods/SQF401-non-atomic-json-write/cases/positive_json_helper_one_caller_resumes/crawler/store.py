"""The crawler's file helpers: one writer for every JSON file it keeps."""
import json


def dump_json(path, data):
    with open(path, "w") as out:
        json.dump(data, out)


def load_frontier(path):
    with open(path) as f:
        return json.load(f)
