"""The same stale check in a coroutine: an async route reads the wallet
through aiosqlite, compares it with the price and debits it by id. The
awaited read and the awaited UPDATE let the loop's other requests run between
them: two purchases both see the old balance and both pass."""

import aiosqlite
from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.post("/buy/{item}")
async def buy(item: int, user_id: int, price: int):
    async with aiosqlite.connect("shop.db") as db:
        cur = await db.execute("SELECT balance FROM wallets WHERE user_id = ?", (user_id,))
        row = await cur.fetchone()
        if row is None or row[0] < price:
            raise HTTPException(status_code=402)
        await db.execute(
            "UPDATE wallets SET balance = balance - ? WHERE user_id = ?", (price, user_id)
        )
        await db.commit()
    return {"item": item}
