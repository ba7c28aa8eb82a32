"""A connection per session (NullPool), and a queue of one connection that makes a
second session wait for the first to finish: neither shares a transaction."""
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

per_session = create_async_engine("sqlite+aiosqlite:///orders.db", poolclass=NullPool)
one_at_a_time = create_async_engine(
    "sqlite+aiosqlite:///audit.db", pool_size=1, max_overflow=0
)
Orders = async_sessionmaker(per_session)
Audit = async_sessionmaker(one_at_a_time)
app = FastAPI()


@app.post("/orders")
async def order(item: str):
    async with Orders() as session:
        await session.commit()
    async with Audit() as session:
        await session.commit()
