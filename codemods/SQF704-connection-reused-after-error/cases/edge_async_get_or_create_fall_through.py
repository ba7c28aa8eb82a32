"""Async get-or-create: the handler passes and the coroutine reads through
the same AsyncSession after the `try` (reported); a sibling that passes and
then only returns the name, or uses a fresh session, is not."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from models import Label

engine = create_async_engine("sqlite+aiosqlite:///labels.db")
Sessions = async_sessionmaker(engine)


async def label_id(session, name):
    try:
        session.add(Label(name=name))
        await session.commit()
    except IntegrityError:
        pass
    found = await session.execute(select(Label).where(Label.name == name))
    return found.scalar_one().id


async def ensure_label(session, name):
    try:
        session.add(Label(name=name))
        await session.commit()
    except IntegrityError:
        pass
    return name


async def label_id_fresh(session, name):
    try:
        session.add(Label(name=name))
        await session.commit()
    except IntegrityError:
        pass
    async with Sessions() as other:
        found = await other.execute(select(Label).where(Label.name == name))
        return found.scalar_one().id
