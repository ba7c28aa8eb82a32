import json
import os

import anyio


def snapshot_file(directory, run_id):
    return os.path.join(directory, f"{run_id}.json")


async def save(directory, run_id, state):
    async with await anyio.open_file(snapshot_file(directory, run_id), "w") as f:
        await f.write(json.dumps(state, indent=1))


async def save_quick(directory, run_id, state):
    await anyio.Path(snapshot_file(directory, run_id)).write_text(json.dumps(state))


def resume(directory, run_id):
    with open(snapshot_file(directory, run_id)) as f:
        return json.load(f)
