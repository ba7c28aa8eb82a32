"""Checkpoint updates that are coordinated, or never concurrent."""

import fcntl
import json
import threading
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
_lock = threading.Lock()
STATE = Path("state/labels.json")


@app.post("/labels")
def add_label(doc_id: str, label: str):
    with _lock:
        labels = json.loads(STATE.read_text())
        labels[doc_id] = label
        STATE.write_text(json.dumps(labels))
    return labels


@app.post("/flags")
def set_flag(doc_id: str):
    with open("state/flags.json", "r+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        flags = json.load(f)
        flags[doc_id] = True
        f.seek(0)
        json.dump(flags, f)
        f.truncate()


@app.post("/notes")
async def add_note(doc_id: str, note: str):
    path = Path(f"state/{doc_id}.json")
    notes = json.loads(path.read_text())
    notes.append(note)
    path.write_text(json.dumps(notes))


def migrate_checkpoints(paths):
    for path in paths:
        state = json.loads(path.read_text())
        state["version"] = 2
        path.write_text(json.dumps(state))


def copy_checkpoint(src, dst):
    state = json.loads(Path(src).read_text())
    Path(dst).write_text(json.dumps(state))
