"""The next-number helper of an async log, read where the read cannot race:
after `BEGIN IMMEDIATE`, or where the write does not use what it read, or
through a helper that writes itself (not a read to lift into the caller)."""
from sqlalchemy import Integer, String, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine("sqlite+aiosqlite:///log.db")
Session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Entry(Base):
    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String)
    seq: Mapped[int] = mapped_column(Integer)


async def next_seq(session: AsyncSession, topic: str) -> int:
    n = await session.scalar(select(func.max(Entry.seq)).where(Entry.topic == topic))
    return (n or 0) + 1


async def bump_and_read(session: AsyncSession, topic: str) -> int:
    await session.execute(update(Entry).where(Entry.topic == topic).values(seq=Entry.seq + 1))
    return await session.scalar(select(func.max(Entry.seq)).where(Entry.topic == topic))


async def append_locked(topic: str) -> None:
    async with Session() as session:
        async with session.begin():
            await session.execute(text("BEGIN IMMEDIATE"))
            seq = await next_seq(session, topic)
            session.add(Entry(topic=topic, seq=seq))


async def log_count(topic: str) -> None:
    async with Session() as session:
        async with session.begin():
            await next_seq(session, topic)
            session.add(Entry(topic="audit", seq=0))


async def bump(topic: str) -> None:
    async with Session() as session:
        async with session.begin():
            seq = await bump_and_read(session, topic)
            session.add(Entry(topic=topic, seq=seq))
