"""Async SQLAlchemy sessions on SQLite whose write rests on what they read: a
counter bumped on the loaded object, and a row inserted because the count
read was under the limit. Each session has its own connection, and the awaits
between the read and the write let another request's session in. A job
claimed because its status said pending (located in two steps, `result` then
`scalar_one_or_none()`) writes constants and the caller's value, not what it
read: a session reports nothing there."""
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

app = FastAPI()
engine = create_async_engine("sqlite+aiosqlite:///shop.db")
Session = async_sessionmaker(engine)


@app.post("/bump")
async def bump(item_id):
    async with Session() as session:
        item = await session.get(Item, item_id)
        item.views += 1
        await session.commit()


@app.post("/claim")
async def claim(job_id, worker):
    async with Session() as session:
        result = await session.execute(select(Job).where(Job.id == job_id))
        job = result.scalar_one_or_none()
        if job is not None and job.status == "pending":
            job.status = "running"
            job.worker = worker
            await session.commit()


@app.post("/reserve")
async def reserve(user_id, slot):
    async with Session() as session:
        taken = await session.scalar(select(func.count()).where(Booking.slot == slot))
        if taken < 10:
            session.add(Booking(user_id=user_id, slot=slot))
            await session.commit()
