"""A guild's settings row, checked then updated or inserted, written only by
commands that just the server's administrators may run. A lost update here needs
two administrators configuring the same guild at the same moment."""
import aiosqlite
from discord.ext import commands

DB = "data/settings.db"


class Settings(commands.Cog):
    async def save_settings(self, guild_id, **values):
        async with aiosqlite.connect(DB) as db:
            cursor = await db.execute("SELECT guild_id FROM settings WHERE guild_id = ?", (guild_id,))
            exists = await cursor.fetchone()
            if exists:
                await db.execute("UPDATE settings SET channel = ? WHERE guild_id = ?", (values["channel"], guild_id))
            else:
                await db.execute("INSERT INTO settings (guild_id, channel) VALUES (?, ?)", (guild_id, values["channel"]))
            await db.commit()

    @commands.hybrid_group(name="settings")
    async def settings(self, ctx):
        await ctx.send("settings")

    @settings.command(name="channel")
    @commands.has_permissions(manage_guild=True)
    async def set_channel(self, ctx, channel_id: int):
        await self.save_settings(ctx.guild.id, channel=channel_id)
