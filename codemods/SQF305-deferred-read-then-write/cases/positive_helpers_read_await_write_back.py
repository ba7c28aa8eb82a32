"""A bot keeps its SQL in a small class: one method reads a player's coins, one
writes them. A command reads through the first, awaits a message send, and
writes back a value computed from what it read through the second. Two
overlapping commands for one player both resume with the same balance and one
payment is lost: reported at the read, without a fix (a BEGIN would raise in
the overlapping task on the shared connection)."""
import aiosqlite
import discord
from discord.ext import commands


class Wallets:
    def __init__(self):
        self.db = None

    async def open(self):
        self.db = await aiosqlite.connect("wallets.db")

    async def coins_of(self, user_id):
        cur = await self.db.execute("SELECT coins FROM wallets WHERE user_id = ?", (user_id,))
        row = await cur.fetchone()
        return row[0] if row else 0

    async def store_coins(self, user_id, coins):
        await self.db.execute("UPDATE wallets SET coins = ? WHERE user_id = ?", (coins, user_id))
        await self.db.commit()


wallets = Wallets()
bot = commands.Bot(command_prefix="$", intents=discord.Intents.default())


@bot.command()
async def daily(ctx):
    coins = await wallets.coins_of(ctx.author.id)
    await ctx.send(f"You have {coins} coins; adding today's 50.")
    total = coins + 50
    await wallets.store_coins(ctx.author.id, total)


@bot.command()
async def pay(ctx, member: discord.Member, amount: int):
    mine = await wallets.coins_of(ctx.author.id)
    if mine < amount:
        await ctx.send("Not enough coins.")
        return
    await wallets.store_coins(ctx.author.id, coins=mine - amount)


bot.run("token")
