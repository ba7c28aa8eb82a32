"""A helper that a command calls, and that a periodic task also gets as a
callback: handed on by name, it may run at any rate, so the file is reported."""
import aiosqlite
from discord.ext import commands, tasks

DB_PATH = "data/stats.db"


async def bump(name):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("UPDATE stats SET n = n + 1 WHERE name = ?", (name,))
        await db.commit()


class Stats(commands.Cog):
    @commands.command()
    async def count(self, ctx, name: str):
        await bump(name)

    def start(self):
        self.loop = tasks.loop(seconds=1)(bump)
