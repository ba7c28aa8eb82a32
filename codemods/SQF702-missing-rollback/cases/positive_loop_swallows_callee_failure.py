"""A bot cog whose background loops swallow a refresh that failed halfway."""
import asyncio
import logging
import sqlite3

import aiohttp
from discord.ext import commands, tasks

log = logging.getLogger(__name__)


class Prices(commands.Cog):
    def __init__(self, bot):
        self.bot = bot
        self.conn = sqlite3.connect("prices.db")
        self.refresh.start()

    async def pull_prices(self):
        # Marks every row stale, then asks the API: if the request or the JSON
        # fails, the UPDATE's transaction is left open on self.conn.
        cur = self.conn.cursor()
        try:
            cur.execute("UPDATE items SET stale = 1")
            async with aiohttp.ClientSession() as session:
                async with session.get("https://prices.example.com/all") as resp:
                    prices = await resp.json()
            for name, price in prices.items():
                cur.execute("UPDATE items SET price = ?, stale = 0 WHERE name = ?", (price, name))
            self.conn.commit()
        finally:
            cur.close()

    @tasks.loop(minutes=5)
    async def refresh(self):
        try:
            await self.pull_prices()
        except Exception as e:
            log.warning("price refresh failed: %s", e)

    async def poll(self):
        while True:
            try:
                await self.pull_prices()
            except Exception as e:
                print(f"poll failed: {e}")
                continue
            await asyncio.sleep(60)

    @commands.command()
    async def setprice(self, ctx, name: str, price: int):
        self.conn.execute("UPDATE items SET price = ? WHERE name = ?", (price, name))
        self.conn.commit()
