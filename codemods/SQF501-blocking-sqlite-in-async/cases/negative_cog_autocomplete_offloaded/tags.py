"""The same cog, but the autocomplete query runs in a worker thread with a
connection of its own per call."""
import asyncio
import sqlite3
from contextlib import closing

import discord
from discord import app_commands
from discord.ext import commands


def _names_like(path, prefix):
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT name FROM tags WHERE name LIKE ? LIMIT 25", (prefix + "%",)
        ).fetchall()
    return [r[0] for r in rows]


class Tags(commands.Cog):
    def __init__(self, bot, path):
        self.bot = bot
        self.path = path

    @app_commands.command(name="tag")
    async def tag(self, interaction: discord.Interaction, name: str):
        await interaction.response.send_message(f"tag {name}")

    @tag.autocomplete("name")
    async def tag_names(self, interaction: discord.Interaction, current: str):
        names = await asyncio.to_thread(_names_like, self.path, current)
        return [app_commands.Choice(name=n, value=n) for n in names]


async def setup(bot):
    await bot.add_cog(Tags(bot, "tags.db"))
