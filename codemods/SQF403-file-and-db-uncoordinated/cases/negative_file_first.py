"""The checkpoint file is written (atomically) before the row that points to it."""

import json
import os
import sqlite3
import tempfile


def save_stage(conn, doc_id, stage, state, directory):
    fd, tmp = tempfile.mkstemp(dir=directory)
    with os.fdopen(fd, "w") as f:
        json.dump(state, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(directory, f"{doc_id}.json"))
    conn.execute("UPDATE documents SET stage = ? WHERE id = ?", (stage, doc_id))
    conn.commit()


def export_report(conn, path):
    rows = conn.execute("SELECT id, stage FROM documents").fetchall()
    with open(path, "w") as f:
        json.dump(rows, f)


def reset(conn, doc_id, path):
    conn.execute("UPDATE documents SET stage = NULL WHERE id = ?", (doc_id,))
    with open(path, "w") as f:
        json.dump({}, f)
    conn.commit()
