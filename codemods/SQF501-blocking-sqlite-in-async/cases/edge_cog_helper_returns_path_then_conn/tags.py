"""The helper returns `(path, conn)`: the attribute at the connection's
position holds it, whatever the order (reported)."""
import os
import sqlite3

import discord
from discord import app_commands
from discord.ext import commands


def open_tags(folder):
    path = os.path.join(folder, "tags.db")
    conn = sqlite3.connect(path)
    return path, conn


class Tags(commands.Cog):
    def __init__(self, bot, folder):
        self.bot = bot
        self.path, self.db = open_tags(folder)

    @app_commands.command(name="tag")
    async def tag(self, interaction: discord.Interaction, name: str):
        await interaction.response.send_message(f"tag {name}")

    @tag.autocomplete("name")
    async def tag_names(self, interaction: discord.Interaction, current: str):
        rows = self.db.execute("SELECT name FROM tags WHERE name LIKE ?", (current + "%",)).fetchall()
        return [app_commands.Choice(name=r[0], value=r[0]) for r in rows]


async def setup(bot):
    await bot.add_cog(Tags(bot, "data"))
