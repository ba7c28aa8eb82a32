"""F-for-update-dropped: `with_for_update()` takes no lock on SQLite; a max-then-insert collides.

Needs sqlalchemy and aiosqlite (requirements-dev.txt; scripts/venv installs them): run
with .venv/bin/python.
"""
import asyncio
import os

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
need("aiosqlite")
from sqlalchemy import Integer, String, UniqueConstraint, func, select, text  # noqa: E402
from sqlalchemy.dialects import sqlite  # noqa: E402
from sqlalchemy.exc import IntegrityError  # noqa: E402
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine  # noqa: E402
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column  # noqa: E402

fact = Fact(
    "F-for-update-dropped",
    "SQLAlchemy's SQLite dialect drops FOR UPDATE, so an async session's `select(max).with_for_update()` "
    "then insert of max + 1, inside `session.begin()`, runs the read outside any lock: concurrent "
    "coroutines read the same maximum and collide on the unique key; `BEGIN IMMEDIATE` as the "
    "transaction's first statement, or an asyncio.Lock per key, numbers every row",
)
fact.note(f"SQLAlchemy {sa.__version__}")
TASKS = 20


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("key", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String)
    seq: Mapped[int] = mapped_column(Integer)


compiled = str(select(func.max(Item.seq)).with_for_update().compile(dialect=sqlite.dialect()))
fact.check("FOR UPDATE" not in compiled.upper(), f"compiled for SQLite: {compiled!r}")


async def run(mode):
    db = os.path.join(scratch(), "t.db")
    engine = create_async_engine(f"sqlite+aiosqlite:///{db}", connect_args={"timeout": 30})
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    Session = async_sessionmaker(engine, expire_on_commit=False)
    locks = {}
    errors = []

    async def append(key):
        async with Session() as session:
            async with session.begin():
                if mode == "immediate":
                    await session.execute(text("BEGIN IMMEDIATE"))
                n = await session.scalar(
                    select(func.max(Item.seq)).where(Item.key == key).with_for_update()
                )
                await asyncio.sleep(0)
                session.add(Item(key=key, seq=(n or 0) + 1))

    async def one(key):
        try:
            if mode == "lock":
                async with locks.setdefault(key, asyncio.Lock()):
                    await append(key)
            else:
                await append(key)
        except IntegrityError:
            errors.append("IntegrityError")

    await asyncio.gather(*(one("k") for _ in range(TASKS)))
    async with Session() as session:
        rows = await session.scalar(select(func.count()).select_from(Item))
    await engine.dispose()
    return rows, errors


for mode in ("default", "immediate", "lock"):
    rows, errors = asyncio.run(run(mode))
    what = f"{mode}: {TASKS} coroutines appending to one key stored {rows} rows, {len(errors)} IntegrityErrors"
    if mode == "default":
        fact.check(errors and rows < TASKS, what)
    else:
        fact.check(rows == TASKS and not errors, what)
fact.done()
