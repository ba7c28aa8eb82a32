import json
import os
import pickle
from pathlib import Path

CHECKPOINT_DIR = Path("checkpoints")


def save_checkpoint(doc_id, state):
    path = os.path.join(CHECKPOINT_DIR, f"{doc_id}.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f)
    os.replace(tmp, path)


def save_stage(doc_id, stage, result):
    target = CHECKPOINT_DIR / doc_id / f"{stage}.json"
    tmp_path = target.with_suffix(".tmp")
    tmp_path.write_text(json.dumps(result))
    tmp_path.replace(target)


def save_embeddings(path, vectors):
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as fh:
        pickle.dump(vectors, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.rename(tmp, path)


def save_manifest(directory, manifest):
    final = os.path.join(directory, "manifest.json")
    staging = os.path.join(directory, "manifest.json.partial")
    with open(staging, "w") as out:
        out.write(json.dumps(manifest, indent=2))
    os.replace(staging, final)
