"""Reached through the package's re-export, and through an import made inside
the coroutine: the same connection, one root."""
from discord.ext import commands

from app.db import cursor


class Shop(commands.Cog):
    @commands.command()
    async def buy(self, ctx, item: str):
        cursor.execute("INSERT INTO orders (user, item) VALUES (?, ?)", (ctx.author.id, item))
        from app.db.setup import con

        con.commit()
        await ctx.send("bought")

    @commands.command()
    async def stock(self, ctx):
        # Rebound here first: this `cursor` is a fresh local, not the import.
        cursor = None
        await ctx.send(str(cursor))
