"""The per-user setting saved with one upsert statement (SQLite's `ON CONFLICT DO
UPDATE` through SQLAlchemy's dialect insert): no read decides the insert, so two
tasks saving the same setting cannot collide."""
import asyncio
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy import select, String, UniqueConstraint
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine("sqlite+aiosqlite:///user_prefs.db")
Session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Pref(Base):
    __tablename__ = "prefs"
    __table_args__ = (UniqueConstraint("user_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[str]


async def save_pref(session: AsyncSession, user_id: int, name: str, value: str) -> None:
    stmt = sqlite_insert(Pref).values(user_id=user_id, name=name, value=value)
    stmt = stmt.on_conflict_do_update(index_elements=["user_id", "name"], set_={"value": value})
    await session.execute(stmt)
    await session.commit()


async def main():
    async with Session() as s1, Session() as s2:
        await asyncio.gather(save_pref(s1, 1, "theme", "dark"), save_pref(s2, 1, "theme", "light"))

asyncio.run(main())
