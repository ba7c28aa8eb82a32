"""A price tracker run as a service: `asyncio.run(main())` awaits one coroutine
that fetches prices, stores every one of them with sync sqlite3, messages a
Telegram chat through the bot API (it only sends: it never polls for updates
nor takes a webhook) and sleeps ten minutes. Nothing else ever runs on the
loop: no task, no gather, no scheduler, no server. The blocking writes delay
only the tracker's own next step, which would wait for them anyway. Not
reported."""

import asyncio
import sqlite3

from telegram import Bot

CHAT_ID = 1234
bot = Bot(token="123:abc")


async def fetch_prices():
    await asyncio.sleep(0.1)
    return {"apple": 1.0, "pear": 2.5}


async def track(conn):
    while True:
        prices = await fetch_prices()
        for item, price in prices.items():
            conn.execute("INSERT INTO prices (item, price) VALUES (?, ?)", (item, price))
        conn.commit()
        cheapest = conn.execute("SELECT item, MIN(price) FROM prices").fetchone()
        await bot.send_message(chat_id=CHAT_ID, text=f"cheapest: {cheapest[0]}")
        await asyncio.sleep(600)


async def main():
    conn = sqlite3.connect("prices.db")
    conn.execute("CREATE TABLE IF NOT EXISTS prices (item TEXT, price REAL)")
    await track(conn)


if __name__ == "__main__":
    asyncio.run(main())
