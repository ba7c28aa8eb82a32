"""The save-or-update adds the missing row but commits inside a `try` that catches
`IntegrityError`: the task that loses the race rolls back, reads the row the
winner inserted and updates it, so the duplicate is expected and handled."""
import asyncio
from sqlalchemy.exc import IntegrityError
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
    result = await session.execute(select(Pref).where(Pref.user_id == user_id, Pref.name == name))
    row = result.scalar_one_or_none()
    if row is None:
        session.add(Pref(user_id=user_id, name=name, value=value))
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            result = await session.execute(select(Pref).where(Pref.user_id == user_id, Pref.name == name))
            row = result.scalar_one()
    row.value = value
    await session.commit()


async def main():
    async with Session() as s1, Session() as s2:
        await asyncio.gather(save_pref(s1, 1, "theme", "dark"), save_pref(s2, 1, "theme", "light"))

asyncio.run(main())
