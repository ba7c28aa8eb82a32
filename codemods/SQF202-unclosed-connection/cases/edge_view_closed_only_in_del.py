"""A view that closes its connection only in `__del__`. In CPython the view is
not part of its connection's reference cycle and hands out no bare `self`, so
`__del__` runs, and closes the connection, as soon as the last reference to
the view goes: treated as closed, like any object closed in `__del__`. Not
reported. (A view whose items keep a reference back to it would wait for the
cyclic collector instead; that cycle is inside the framework, out of view.)"""

import sqlite3

import discord
from discord import app_commands
from discord.ext import commands


class StatsMenu(discord.ui.View):
    def __init__(self, user_id):
        super().__init__(timeout=60)
        self.user_id = user_id
        self.conn = sqlite3.connect("stats.db")

    def __del__(self):
        self.conn.close()


class Stats(commands.Cog):
    @app_commands.command(name="stats")
    async def stats(self, interaction):
        await interaction.response.send_message("Stats", view=StatsMenu(interaction.user.id))
