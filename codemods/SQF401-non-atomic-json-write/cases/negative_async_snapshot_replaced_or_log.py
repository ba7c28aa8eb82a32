"""Async writes that are not a snapshot in place: a snapshot written to a
sibling temporary name through anyio and then moved over the real name, and a
run log the program appends to (never truncated)."""
import json
import os

import anyio

SNAPSHOTS = "snapshots"


async def save_snapshot(run_id, state):
    final = os.path.join(SNAPSHOTS, f"{run_id}.json")
    tmp = final + f".{os.getpid()}.tmp"
    async with await anyio.open_file(tmp, "w") as f:
        await f.write(json.dumps(state))
    os.replace(tmp, final)


async def log_event(run_id, event):
    async with await anyio.open_file(os.path.join(SNAPSHOTS, f"{run_id}.log"), "a") as f:
        await f.write(json.dumps(event) + "\n")


def resume(run_id):
    with open(os.path.join(SNAPSHOTS, f"{run_id}.json")) as f:
        return json.load(f)


def replay(run_id):
    with open(os.path.join(SNAPSHOTS, f"{run_id}.log")) as f:
        return [json.loads(line) for line in f]
