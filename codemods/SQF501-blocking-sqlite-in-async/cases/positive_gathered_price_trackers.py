"""Two price trackers gathered on one loop (`asyncio.gather(track(a),
track(b))`): while one of them runs its blocking inserts, the other's fetch
and message wait on the loop, and a write of one can wait on the lock the
other's connection holds across an await. Reported."""

import asyncio
import sqlite3


async def fetch_prices(shop):
    await asyncio.sleep(0.1)
    return {f"{shop}-apple": 1.0}


async def track(shop):
    conn = sqlite3.connect("prices.db")
    while True:
        prices = await fetch_prices(shop)
        for item, price in prices.items():
            conn.execute("INSERT INTO prices (item, price) VALUES (?, ?)", (item, price))
        conn.commit()
        await asyncio.sleep(600)


async def main():
    await asyncio.gather(track("north"), track("south"))


if __name__ == "__main__":
    asyncio.run(main())
