import json
import os
import sqlite3

DB_PATH = "pipeline.db"
CHECKPOINTS = "checkpoints"


def set_stage(doc_id, stage):
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("UPDATE documents SET stage = ? WHERE id = ?", (stage, doc_id))


def save_checkpoint(doc_id, state):
    tmp = os.path.join(CHECKPOINTS, f".{doc_id}.json.tmp")
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, os.path.join(CHECKPOINTS, f"{doc_id}.json"))
