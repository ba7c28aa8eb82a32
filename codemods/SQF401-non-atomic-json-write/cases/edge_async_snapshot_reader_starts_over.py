"""The resume lookup catches the decode error and starts the run over: a torn
snapshot is not a crash, but the run's progress is lost, so the write is still
reported. (A cache reader that does the same would only fetch again.)"""
import json

import anyio

SNAPSHOT_DIR = "state/snapshots"


async def write_snapshot(run_id, progress):
    path = anyio.Path(SNAPSHOT_DIR) / f"{run_id}.json"
    await path.write_text(json.dumps(progress))


def load_snapshot(run_id):
    try:
        with open(f"{SNAPSHOT_DIR}/{run_id}.json") as f:
            return json.load(f)
    except json.JSONDecodeError:
        return {"step": 0, "messages": []}
