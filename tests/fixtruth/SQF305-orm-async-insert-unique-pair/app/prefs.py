from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Pref(Base):
    __tablename__ = "prefs"
    __table_args__ = (UniqueConstraint("user_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[str]


def make_engine(path):
    return create_async_engine(f"sqlite+aiosqlite:///{path}", connect_args={"timeout": 30})


async def init(engine):
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)


async def save_pref(engine, user_id, name, value, between=None):
    """Select the setting by its pair; add it when missing, else change it."""
    async with AsyncSession(engine) as session:
        result = await session.execute(select(Pref).where(Pref.user_id == user_id, Pref.name == name))
        row = result.scalar_one_or_none()
        if row is None:
            session.add(Pref(user_id=user_id, name=name, value=value))
        else:
            row.value = value
        if between is not None:
            await between()
        await session.commit()


async def stored(engine, user_id, name):
    async with AsyncSession(engine) as session:
        result = await session.execute(select(Pref).where(Pref.user_id == user_id, Pref.name == name))
        return [row.value for row in result.scalars()]
