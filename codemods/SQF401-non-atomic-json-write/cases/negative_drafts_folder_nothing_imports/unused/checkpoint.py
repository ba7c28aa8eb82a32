import json


def resume(path):
    with open(path) as f:
        return json.load(f)


def checkpoint(path, done):
    with open(path, "w") as f:
        json.dump(done, f)
