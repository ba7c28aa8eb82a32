import json
import os
from concurrent.futures import ThreadPoolExecutor


def init(directory, doc_id):
    with open(os.path.join(directory, f"{doc_id}.json"), "w", encoding="utf-8") as f:
        json.dump({"done": []}, f)


def mark_done(directory, doc_id, stage):
    path = os.path.join(directory, f"{doc_id}.json")
    with open(path, encoding="utf-8") as f:
        state = json.load(f)
    state["done"].append(stage)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(state, f)
    return stage


def run(directory, doc_id, stages):
    with ThreadPoolExecutor(max_workers=len(stages)) as pool:
        return list(pool.map(lambda s: mark_done(directory, doc_id, s), stages))


def done(directory, doc_id):
    with open(os.path.join(directory, f"{doc_id}.json"), encoding="utf-8") as f:
        return sorted(json.load(f)["done"])
