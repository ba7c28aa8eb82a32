"""Views that do not leak: one closes its connection when it times out or is
stopped, one is handed the cog's connection (which `cog_unload` closes), and
a persistent view is built once when the bot starts."""

import sqlite3

import discord
from discord import app_commands
from discord.ext import commands

DB_PATH = "shop.db"


class ShopMenu(discord.ui.View):
    def __init__(self, user_id):
        super().__init__(timeout=60)
        self.user_id = user_id
        self.db = sqlite3.connect(DB_PATH)

    async def on_timeout(self):
        self.db.close()


class PricesMenu(discord.ui.View):
    def __init__(self, conn):
        super().__init__(timeout=60)
        self.conn = conn

    def prices(self):
        return self.conn.execute("SELECT name, price FROM items").fetchall()


class RolePicker(discord.ui.View):
    def __init__(self):
        super().__init__(timeout=None)
        self.roles_db = sqlite3.connect("roles.db")


class Shop(commands.Cog):
    def __init__(self, bot):
        self.bot = bot
        self.conn = sqlite3.connect(DB_PATH)

    async def cog_unload(self):
        self.conn.close()

    @app_commands.command(name="shop")
    async def shop(self, interaction):
        await interaction.response.send_message("Shop", view=ShopMenu(interaction.user.id))

    @app_commands.command(name="prices")
    async def prices(self, interaction):
        await interaction.response.send_message("Prices", view=PricesMenu(self.conn))


class Bot(commands.Bot):
    async def setup_hook(self):
        self.add_view(RolePicker())
        await self.add_cog(Shop(self))
