"""Handed to a worker thread but fine: an export nothing reads back, a write to
a temporary name then moved into place, and a text that is not JSON."""
import asyncio
import json
import os
from pathlib import Path

EXPORT = Path("exports") / "summary-for-humans.json"
STATE = Path("state") / "progress.json"
NOTES = Path("state") / "progress.json.txt"


def load():
    return json.loads(STATE.read_text())


async def export(summary):
    await asyncio.to_thread(EXPORT.write_text, json.dumps(summary))


async def save(state):
    tmp = STATE.with_suffix(".tmp")
    await asyncio.to_thread(tmp.write_text, json.dumps(state))
    await asyncio.to_thread(os.replace, tmp, STATE)


async def notes(lines):
    await asyncio.to_thread(NOTES.write_text, "\n".join(lines))
