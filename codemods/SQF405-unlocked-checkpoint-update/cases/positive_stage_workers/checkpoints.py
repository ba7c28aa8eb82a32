import json
from pathlib import Path

CHECKPOINT_DIR = Path("checkpoints")


def load_checkpoint(doc_id):
    path = CHECKPOINT_DIR / f"{doc_id}.json"
    if not path.exists():
        return {"stages": {}}
    return json.loads(path.read_text())


def save_checkpoint(doc_id, state):
    path = CHECKPOINT_DIR / f"{doc_id}.json"
    path.write_text(json.dumps(state))
