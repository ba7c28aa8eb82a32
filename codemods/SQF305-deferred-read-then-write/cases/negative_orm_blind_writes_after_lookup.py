"""Async SQLAlchemy handlers that look an object up (in one step or two), leave
with a 404 when it is missing, and then write what they were handed: a column
set to an argument, a log row of another model, a timestamp. The value written
does not come from the object and whether the write runs depends only on the
object existing, so a concurrent request changes nothing this write relies on
(last writer wins, as two plain UPDATEs would)."""
from datetime import datetime, timezone

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

app = FastAPI()
engine = create_async_engine("sqlite+aiosqlite:///app.db")
Session = async_sessionmaker(engine)


class NotFound(Exception):
    pass


@app.post("/rename")
async def rename(item_id, name):
    async with Session() as session:
        result = await session.execute(select(Item).where(Item.id == item_id))
        item = result.scalar_one_or_none()
        if item is None:
            raise NotFound(item_id)
        item.name = name
        item.updated_at = datetime.now(timezone.utc)
        await session.commit()
        return {"id": item_id, "name": name}


@app.post("/comment")
async def comment(item_id, user_id, text):
    async with Session() as session:
        item = await session.get(Item, item_id)
        if not item:
            raise NotFound(item_id)
        session.add(Comment(item_id=item_id, user_id=user_id, text=text))
        await session.commit()
        return {"title": item.title}


class Jobs:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def mark(self, job_id, status):
        result = await self.session.execute(select(Job).where(Job.id == job_id))
        job = result.scalars().first()
        if not job:
            return None
        job.status = status
        await self.session.commit()
        return job
