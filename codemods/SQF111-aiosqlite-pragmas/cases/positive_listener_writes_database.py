"""The same kind of cog, but a listener writes the file on every message: the
write rate is the server's traffic, in bursts, and every connection to the
file is reported (the commands' too: they wait on the listener's locks)."""
import aiosqlite
from discord.ext import commands

DB_PATH = "data/afk.db"


class Afk(commands.Cog):
    async def cog_load(self):
        async with aiosqlite.connect(DB_PATH) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS afk (user INTEGER PRIMARY KEY, mentions INTEGER)")
            await db.commit()

    @commands.hybrid_command(name="afk")
    async def set_afk(self, ctx):
        async with aiosqlite.connect(DB_PATH) as db:
            await db.execute("INSERT OR REPLACE INTO afk VALUES (?, 0)", (ctx.author.id,))
            await db.commit()

    @commands.Cog.listener()
    async def on_message(self, message):
        for user in message.mentions:
            async with aiosqlite.connect(DB_PATH) as db:
                await db.execute("UPDATE afk SET mentions = mentions + 1 WHERE user = ?", (user.id,))
                await db.commit()
