import json
import time

from app.config import CHECKPOINT_DIR


def _doc_dir(doc_id):
    d = CHECKPOINT_DIR / doc_id
    d.mkdir(parents=True, exist_ok=True)
    return d


def save_stage(doc_id, stage, output):
    with open(_doc_dir(doc_id) / f"{stage}.json", "w") as f:
        json.dump(output, f, indent=2)


def save_state(doc_id, state):
    # state.json is what a restarted worker resumes from and what the status
    # endpoint summarises.
    state = dict(state, saved_at=time.time())
    (_doc_dir(doc_id) / "state.json").write_text(json.dumps(state, indent=2))


def load_state(doc_id):
    path = CHECKPOINT_DIR / doc_id / "state.json"
    if not path.exists():
        return None
    with open(path) as f:
        return json.load(f)
