from discord.ext import commands

from app.config import config


class Economy(commands.Cog):
    def __init__(self, bot):
        self.bot = bot

    @commands.command()
    async def daily(self, ctx):
        config.cursor.execute("UPDATE users SET coins = coins + 10 WHERE id = ?", (ctx.author.id,))
        config.con.commit()
        await ctx.send("ok")

    @commands.command()
    async def coins(self, ctx):
        row = config.cursor.execute("SELECT coins FROM users WHERE id = ?", (ctx.author.id,)).fetchone()
        await ctx.send(str(row))

    @commands.command()
    async def prefix(self, ctx):
        # Not a connection: a plain attribute of the same object.
        await ctx.send(config.prefix)
