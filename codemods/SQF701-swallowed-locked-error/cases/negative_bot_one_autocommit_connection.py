"""A bot with one autocommit connection, opened at import and used on its event
loop's thread and by one heartbeat thread. Every background task catches
`Exception` around an HTTP call and a small write, and logs it. One connection:
no lock it could wait for."""
import asyncio
import logging
import sqlite3
import threading
import time

import aiohttp
import discord

log = logging.getLogger("bot")
db = sqlite3.connect("bot.db", isolation_level=None, check_same_thread=False)
client = discord.Client(intents=discord.Intents.default())


async def refresh_shop():
    while True:
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get("https://example.invalid/shop") as r:
                    items = await r.json()
            db.execute("UPDATE shop SET items = ?", (str(items),))
        except Exception as e:
            log.warning("shop refresh failed: %s", e)
        await asyncio.sleep(600)


def heartbeat():
    while True:
        try:
            db.execute("UPDATE status SET seen = ?", (time.time(),))
        except Exception as e:
            log.warning("heartbeat failed: %s", e)
        time.sleep(30)


@client.event
async def on_ready():
    threading.Thread(target=heartbeat, daemon=True).start()
    client.loop.create_task(refresh_shop())


if __name__ == "__main__":
    client.run("token")
