import json
import os


def save(directory, doc_id, state):
    path = os.path.join(directory, f"{doc_id}.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f)
    os.replace(tmp, path)


def load(directory, doc_id):
    with open(os.path.join(directory, f"{doc_id}.json"), encoding="utf-8") as f:
        return json.load(f)
