"""The same resumable snapshot written through trio's file API: the awaited
`trio.open_file` truncates the snapshot before the new JSON is written, and the
resume command parses it."""
import json

import trio

STATE_DIR = "runs"


async def checkpoint(run_id, state):
    path = f"{STATE_DIR}/{run_id}.json"
    async with await trio.open_file(path, "w") as f:
        await f.write(json.dumps(state))


def load_run(run_id):
    with open(f"{STATE_DIR}/{run_id}.json") as f:
        return json.load(f)
