"""F-session-after-error: a Session whose flush failed refuses every use until rollback().

Needs sqlalchemy and aiosqlite (requirements-dev.txt; scripts/venv installs them):
run with .venv/bin/python.
"""
import asyncio
import os

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
need("aiosqlite")
from sqlalchemy import exc  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine  # noqa: E402
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column  # noqa: E402

fact = Fact(
    "F-session-after-error",
    "after a flush (or commit) raises IntegrityError, the Session refuses the next "
    "query, sync and async, with PendingRollbackError until `rollback()` is called; "
    "`rollback()` as the handler's first statement makes the query work; the failed "
    "flush already rolled the database transaction back (its lock is free, an earlier "
    "flushed row is gone), so that rollback() discards nothing more",
)
fact.note(f"SQLAlchemy {sa.__version__}")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)


db = os.path.join(scratch(), "t.db")
engine = sa.create_engine(f"sqlite:///{db}")
Base.metadata.create_all(engine)
with Session(engine) as s:
    s.add(User(name="ann"))
    s.commit()


def sync_case(roll_back_first, step):
    with Session(engine) as s:
        try:
            s.add(User(name="ann"))
            getattr(s, step)()
        except exc.IntegrityError:
            if roll_back_first:
                s.rollback()
            try:
                found = s.execute(sa.select(User).where(User.name == "ann")).scalar_one()
                return f"found id {found.id}"
            except exc.PendingRollbackError:
                return "PendingRollbackError"
            except exc.InvalidRequestError as e:  # the class PendingRollbackError derives from
                return type(e).__name__
    return "no error"


for step in ("flush", "commit"):
    seen = sync_case(False, step)
    fact.check(seen == "PendingRollbackError", f"sync, {step}() failed, then a query without rollback: {seen}")
    seen = sync_case(True, step)
    fact.check(seen.startswith("found"), f"sync, {step}() failed, rollback() first, then the query: {seen}")

aengine = create_async_engine(f"sqlite+aiosqlite:///{db}")


async def async_case(roll_back_first, step):
    async with AsyncSession(aengine) as s:
        try:
            s.add(User(name="ann"))
            await getattr(s, step)()
        except exc.IntegrityError:
            if roll_back_first:
                await s.rollback()
            try:
                found = (await s.execute(sa.select(User).where(User.name == "ann"))).scalar_one()
                return f"found id {found.id}"
            except exc.PendingRollbackError:
                return "PendingRollbackError"
    return "no error"


async def main():
    out = []
    for step in ("flush", "commit"):
        out.append((step, False, await async_case(False, step)))
        out.append((step, True, await async_case(True, step)))
    await aengine.dispose()
    return out


for step, rolled, seen in asyncio.run(main()):
    if rolled:
        fact.check(seen.startswith("found"), f"async, {step}() failed, await rollback() first, then the query: {seen}")
    else:
        fact.check(seen == "PendingRollbackError", f"async, {step}() failed, then a query without rollback: {seen}")


# The failed flush already ended the database transaction: before any
# rollback() call, another connection can write (no lock held), and the row
# flushed earlier in the same transaction is gone. rollback() only resets the
# session's state.
import sqlite3  # noqa: E402

with Session(engine) as s:
    s.add(User(name="bob"))
    s.flush()
    try:
        s.add(User(name="ann"))
        s.flush()
    except exc.IntegrityError:
        other = sqlite3.connect(db, timeout=0)
        try:
            other.execute("INSERT INTO users (name) VALUES ('cy')")
            other.commit()
            wrote = "ok"
        except sqlite3.OperationalError as e:
            wrote = str(e)
        bob = other.execute("SELECT count(*) FROM users WHERE name = 'bob'").fetchone()[0]
        other.close()
        s.rollback()
    fact.check(wrote == "ok", f"after the failed flush, before rollback(), another connection writes: {wrote}")
    fact.check(bob == 0, f"the row flushed earlier in that transaction, before rollback(): {'present' if bob else 'gone'}")
fact.done()
