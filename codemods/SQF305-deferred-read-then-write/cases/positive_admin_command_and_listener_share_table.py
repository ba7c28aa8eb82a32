"""The same read-then-write in an administrators' command, but a listener writes
the same table on every reaction: the listener is the second party, so the
command's lost update is reported. The counter any member bumps is too."""
import aiosqlite
from discord.ext import commands

DB = "data/stars.db"


class Stars(commands.Cog):
    @commands.command()
    @commands.has_permissions(manage_guild=True)
    async def recount(self, ctx, message_id: int):
        async with aiosqlite.connect(DB) as db:
            cursor = await db.execute("SELECT stars FROM starred WHERE message_id = ?", (message_id,))
            row = await cursor.fetchone()
            await db.execute("UPDATE starred SET stars = ? WHERE message_id = ?", (row[0] + 1, message_id))
            await db.commit()

    @commands.Cog.listener()
    async def on_reaction_add(self, reaction, user):
        async with aiosqlite.connect(DB) as db:
            await db.execute("UPDATE starred SET stars = stars + 1 WHERE message_id = ?", (reaction.message.id,))
            await db.commit()

    @commands.hybrid_command(name="use")
    async def use(self, ctx, name: str):
        async with aiosqlite.connect(DB) as db:
            cursor = await db.execute("SELECT uses FROM tags WHERE name = ?", (name,))
            row = await cursor.fetchone()
            await db.execute("UPDATE tags SET uses = ? WHERE name = ?", (row[0] + 1, name))
            await db.commit()
