"""aiofiles writes that are not checkpoints in place: an export nothing reads
back, and a state file already written to a temporary name and moved into
place."""
import json
import os

import aiofiles
import aiofiles.os


async def export_report(rows):
    async with aiofiles.open("exports/weekly_report.json", "w") as f:
        await f.write(json.dumps(rows))


async def save_state(state):
    tmp = "state/queue.json.tmp"
    async with aiofiles.open(tmp, "w") as f:
        await f.write(json.dumps(state))
    await aiofiles.os.replace(tmp, "state/queue.json")


async def load_state():
    async with aiofiles.open("state/queue.json") as f:
        return json.loads(await f.read())


def state_exists():
    return os.path.exists("state/queue.json")
