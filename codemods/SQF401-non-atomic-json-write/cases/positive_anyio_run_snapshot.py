"""An agent run keeps its resumable state in a snapshot named after the run,
written through anyio before each streaming turn and again when the run ends.
A kill mid-write leaves a short file that the resume lookup below finds and
cannot parse. Both writes are reported: the awaited opener becomes an atomic
helper on anyio's threads, and the async path's write_text hands the atomic
write to anyio's worker thread."""
import json
import os

import anyio

SNAPSHOTS = os.path.expanduser("~/.agentd/snapshots")


def snapshot_file(run_id):
    return os.path.join(SNAPSHOTS, f"{run_id}.json")


class AgentRun:
    def __init__(self, run_id):
        self.run_id = run_id
        self.turns = []

    async def save(self):
        async with await anyio.open_file(snapshot_file(self.run_id), "w") as out:
            await out.write(json.dumps({"run": self.run_id, "turns": self.turns}))

    async def save_quick(self):
        await anyio.Path(snapshot_file(self.run_id)).write_text(json.dumps(self.turns))

    async def stream_turn(self, model, prompt):
        await self.save()
        try:
            async for piece in model.stream(prompt):
                self.turns.append(piece)
        finally:
            await self.save()


def resume(run_id):
    with open(snapshot_file(run_id)) as f:
        return json.load(f)
