"""Pipeline checkpoints, saved after every stage."""
import json
import os
from pathlib import Path

CHECKPOINT_DIR = Path("checkpoints")


def save_checkpoint(doc_id, stage, state):
    path = os.path.join(CHECKPOINT_DIR, f"{doc_id}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"stage": stage, "state": state}, f, indent=2, sort_keys=True)


def save_summary(doc_id, summary):
    out = CHECKPOINT_DIR / f"{doc_id}.summary.json"
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")


def save_raw(doc_id, payload):
    target = Path("out") / f"{doc_id}.json"
    with target.open("w") as fh:
        fh.write(json.dumps(payload))


# The pipeline resumes from what it saved: these readers make the files checkpoints.
def load_checkpoint(doc_id):
    with open(os.path.join(CHECKPOINT_DIR, f"{doc_id}.json"), encoding="utf-8") as f:
        return json.load(f)


def load_summary(doc_id):
    return json.loads((CHECKPOINT_DIR / f"{doc_id}.summary.json").read_text(encoding="utf-8"))
