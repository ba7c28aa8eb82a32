"""A tag cog whose helper hands back the connection and a cursor together.

`self.conn, self.cursor = self._open_db(path)` keeps both; the autocomplete
callback runs a LIKE query on the loop at every keystroke.
"""
import sqlite3

import discord
from discord import app_commands
from discord.ext import commands


class Tags(commands.Cog):
    def __init__(self, bot, path):
        self.bot = bot
        self.conn, self.cursor = self._open_db(path)

    def _open_db(self, path):
        conn = sqlite3.connect(path)
        return conn, conn.cursor()

    @app_commands.command(name="tag")
    async def tag(self, interaction: discord.Interaction, name: str):
        await interaction.response.send_message(f"tag {name}")

    @tag.autocomplete("name")
    async def tag_names(self, interaction: discord.Interaction, current: str):
        self.cursor.execute("SELECT name FROM tags WHERE name LIKE ? LIMIT 25", (current + "%",))
        return [app_commands.Choice(name=r[0], value=r[0]) for r in self.cursor.fetchall()]


async def setup(bot):
    await bot.add_cog(Tags(bot, "tags.db"))
