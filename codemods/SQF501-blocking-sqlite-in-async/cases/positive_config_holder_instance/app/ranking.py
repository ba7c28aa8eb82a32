"""The holder kept on the cog, and a cursor made from its connection."""
from discord.ext import commands

from app.config import Config


class Ranking(commands.Cog):
    def __init__(self, bot):
        self.bot = bot
        self.config = Config("rank.db")

    @commands.command()
    async def top(self, ctx):
        cur = self.config.con.cursor()
        cur.execute("SELECT id FROM users ORDER BY coins DESC LIMIT 5")
        await ctx.send(str(cur.fetchall()))
