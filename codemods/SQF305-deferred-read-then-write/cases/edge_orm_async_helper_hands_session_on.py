"""A next-number helper that hands the session on to another function: what
that one does with it is not followed, so the caller's read is not lifted from
it (a missed hazard, not a false one)."""
from sqlalchemy import Integer, String, func, select
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


async def highest(session: AsyncSession, topic: str) -> int:
    return await session.scalar(select(func.max(Entry.seq)).where(Entry.topic == topic)) or 0


async def next_seq(session: AsyncSession, topic: str) -> int:
    return await highest(session, topic) + 1


async def append(topic: str) -> None:
    async with Session() as session:
        async with session.begin():
            seq = await next_seq(session, topic)
            session.add(Entry(topic=topic, seq=seq))
