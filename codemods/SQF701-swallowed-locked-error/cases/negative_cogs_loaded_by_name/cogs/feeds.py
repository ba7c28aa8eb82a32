"""Commands to follow a feed; the cog starts the writer task when it loads."""
import aiosqlite
from discord.ext import commands

from store.schema import DB_PATH
from store.writer import SeenWriter


class Feeds(commands.Cog):
    def __init__(self, bot):
        self.bot = bot
        self.writer = SeenWriter()
        bot.loop.create_task(self.writer.run())

    @commands.command()
    async def follow(self, ctx, name: str):
        async with aiosqlite.connect(DB_PATH) as db:
            await db.execute("INSERT OR IGNORE INTO feed (name) VALUES (?)", (name,))
            await db.commit()
        await ctx.send(f"following {name}")


async def setup(bot):
    await bot.add_cog(Feeds(bot))
