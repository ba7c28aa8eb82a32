import os

import aiosqlite
from discord.ext import commands

from store.locks import get_lock
from store.writer import SeenWriter

lock = get_lock()


class Feeds(commands.Cog):
    def __init__(self, bot):
        self.bot = bot
        self.writer = SeenWriter()
        bot.loop.create_task(self.writer.run())

    @commands.command()
    async def follow(self, ctx, name: str):
        async with aiosqlite.connect(os.path.join(os.environ["DATA_DIR"], "feeds.db")) as db:
            async with lock:
                await db.execute("INSERT OR IGNORE INTO feed (name) VALUES (?)", (name,))
                await db.commit()
        await ctx.send(f"following {name}")

    @commands.command()
    async def unfollow(self, ctx, name: str):
        async with aiosqlite.connect(os.path.join(os.environ["DATA_DIR"], "feeds.db")) as db:
            async with lock:
                await db.execute("UPDATE feed SET enabled = 0 WHERE name = ?", (name,))
                await db.commit()
        await ctx.send(f"stopped {name}")

    @commands.command()
    async def feeds(self, ctx):
        async with aiosqlite.connect(os.path.join(os.environ["DATA_DIR"], "feeds.db")) as db:
            cursor = await db.execute("SELECT name FROM feed WHERE enabled = 1")
            rows = await cursor.fetchall()
        await ctx.send(", ".join(r[0] for r in rows))


async def setup(bot):
    await bot.add_cog(Feeds(bot))
