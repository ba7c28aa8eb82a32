"""A per-thread message log on an async engine: each message gets the next
sequence number of its thread, read by a helper method handed the session
inside the caller's `session.begin()` block, one row or a numbered batch.
`with_for_update()` reads as a lock but SQLite's dialect drops it."""
from sqlalchemy import Integer, String, UniqueConstraint, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine("sqlite+aiosqlite:///log.db")
Session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (UniqueConstraint("topic", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String)


async def highest(session: AsyncSession, topic: str) -> int:
    return await session.scalar(select(func.max(Entry.seq)).where(Entry.topic == topic)) or 0


class EntryLog:
    def __init__(self, session_factory):
        self._session_factory = session_factory

    async def _next_seq(self, session: AsyncSession, topic: str) -> int:
        stmt = select(func.max(Entry.seq)).where(Entry.topic == topic).with_for_update()
        current = await session.scalar(stmt)
        return (current or 0) + 1

    async def append(self, topic: str, text: str) -> int:
        async with self._session_factory() as session:
            async with session.begin():
                seq = await self._next_seq(session, topic)
                session.add(Entry(topic=topic, seq=seq, text=text))
        return seq

    async def extend(self, topic: str, texts: list[str]) -> None:
        async with self._session_factory() as session, session.begin():
            first = await self._next_seq(session, topic)
            for i, text in enumerate(texts):
                session.add(Entry(topic=topic, seq=first + i, text=text))


async def append_plain(topic: str, text: str) -> None:
    async with Session() as session:
        async with session.begin():
            n = await highest(session=session, topic=topic)
            session.add(Entry(topic=topic, seq=n + 1, text=text))


log = EntryLog(Session)
