"""A discord.py `setup_hook` that starts a background task: the hook itself is
start-up code (its schema read is not reported), but the task it starts runs
while the bot serves members, so the task's blocking reads are."""

import asyncio
import sqlite3

import discord
from discord.ext import commands


class Bot(commands.Bot):
    async def setup_hook(self):
        conn = sqlite3.connect("guilds.db")
        for row in conn.execute("SELECT id FROM guilds").fetchall():
            print(row)
        conn.close()
        self.loop.create_task(self.refresh())

    async def refresh(self):
        while True:
            conn = sqlite3.connect("guilds.db")
            rows = conn.execute("SELECT id, prefix FROM guilds").fetchall()
            conn.close()
            print(len(rows))
            await asyncio.sleep(60)


Bot(command_prefix="!", intents=discord.Intents.default()).run("token")
