"""The debit is one conditional UPDATE with the limit in its WHERE and the row
count as the refusal; the in-memory decrement below is of a cart built in the
request."""

from fastapi import FastAPI, HTTPException
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from .models import Account, Cart

engine = create_async_engine("sqlite+aiosqlite:///./bank.db")
app = FastAPI()


@app.post("/pay")
async def pay(account_id: int, cost: int):
    async with AsyncSession(engine) as session:
        result = await session.execute(
            update(Account)
            .where(Account.id == account_id, Account.balance >= cost)
            .values(balance=Account.balance - cost)
        )
        if result.rowcount == 0:
            raise HTTPException(402)
        await session.commit()


@app.post("/cart")
async def cart(items: list[int], budget: int):
    cart = Cart(total=budget)
    for price in items:
        if cart.total < price:
            break
        cart.total -= price
    async with AsyncSession(engine) as session:
        session.add(cart)
        await session.commit()

