"""Loops around refreshes whose failure cannot leave a transaction open."""
import asyncio
import logging
import sqlite3

import aiohttp
from discord.ext import commands, tasks

log = logging.getLogger(__name__)
DB = "prices.db"


async def fetch_prices():
    async with aiohttp.ClientSession() as session:
        async with session.get("https://prices.example.com/all") as resp:
            return await resp.json()


class Prices(commands.Cog):
    def __init__(self, bot):
        self.bot = bot
        self.conn = sqlite3.connect(DB)
        self.refresh.start()

    async def pull_in_block(self):
        # `with self.conn:` rolls back when the request fails.
        with self.conn:
            self.conn.execute("UPDATE items SET stale = 1")
            prices = await fetch_prices()
            for name, price in prices.items():
                self.conn.execute("UPDATE items SET price = ? WHERE name = ?", (price, name))

    async def pull_and_raise(self):
        # Leaves the transaction open when the request fails: its callers
        # below either roll back or let the error go on.
        cur = self.conn.cursor()
        try:
            cur.execute("UPDATE items SET stale = 1")
            prices = await fetch_prices()
            for name, price in prices.items():
                cur.execute("UPDATE items SET price = ? WHERE name = ?", (price, name))
            self.conn.commit()
        finally:
            cur.close()

    async def pull_own_connection(self):
        # A connection of its own, closed on every path: closing rolls back.
        conn = sqlite3.connect(DB)
        try:
            conn.execute("UPDATE items SET stale = 1")
            prices = await fetch_prices()
            for name, price in prices.items():
                conn.execute("UPDATE items SET price = ? WHERE name = ?", (price, name))
            conn.commit()
        finally:
            conn.close()

    @tasks.loop(minutes=5)
    async def refresh(self):
        try:
            await self.pull_in_block()
            await self.pull_own_connection()
        except Exception as e:
            log.warning("refresh failed: %s", e)

    async def strict(self):
        # The handler logs and re-raises: the caller above decides.
        while True:
            try:
                await self.pull_and_raise()
            except Exception:
                log.exception("strict refresh failed")
                raise
            await asyncio.sleep(60)

    async def careful(self):
        while True:
            try:
                await self.pull_and_raise()
            except Exception as e:
                self.conn.rollback()
                log.warning("refresh failed: %s", e)
            await asyncio.sleep(60)
