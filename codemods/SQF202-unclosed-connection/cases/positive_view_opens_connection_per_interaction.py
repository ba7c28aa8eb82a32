"""A discord.py cog keeps one connection and closes it when it unloads, but its
menu view opens a connection of its own in `__init__`. A view is built for
every `/inventory` command and again for every "next page" press, and nothing
closes its connection when the view times out or is dropped: each
interaction leaves one more file handle open until the cyclic garbage
collector runs. The cog closing its own `self.conn` closes none of these."""

import sqlite3

import discord
from discord import app_commands
from discord.ext import commands

DB_PATH = "inventory.db"


class InventoryMenu(discord.ui.View):
    def __init__(self, owner_id, page=0):
        super().__init__(timeout=120)
        self.owner_id = owner_id
        self.page = page
        self.conn = sqlite3.connect(DB_PATH)
        self.cur = self.conn.cursor()

    def rows(self):
        self.cur.execute(
            "SELECT name, qty FROM items WHERE owner = ? LIMIT 10 OFFSET ?",
            (self.owner_id, self.page * 10),
        )
        return self.cur.fetchall()

    @discord.ui.button(label="Next")
    async def next_page(self, interaction, button):
        view = InventoryMenu(self.owner_id, self.page + 1)
        await interaction.response.edit_message(content=str(view.rows()), view=view)


class Inventory(commands.Cog):
    def __init__(self, bot):
        self.bot = bot
        self.conn = sqlite3.connect(DB_PATH)

    async def cog_unload(self):
        self.conn.close()

    @app_commands.command(name="inventory")
    async def inventory(self, interaction):
        await interaction.response.send_message(
            "Your items", view=InventoryMenu(interaction.user.id)
        )


async def setup(bot):
    await bot.add_cog(Inventory(bot))
