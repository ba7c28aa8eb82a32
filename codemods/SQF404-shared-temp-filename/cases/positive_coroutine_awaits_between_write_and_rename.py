"""A bot (no thread, no process) whose coroutine awaits between writing the fixed
temporary file and renaming it: another task runs the same save meanwhile and
writes into the same file."""
import asyncio
import json
import os

import discord

STATE = "state.json"
client = discord.Client(intents=discord.Intents.default())


async def save_state(state):
    tmp = STATE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f)
    await asyncio.sleep(0)
    os.replace(tmp, STATE)


@client.event
async def on_message(message):
    await save_state({"last": message.id})
