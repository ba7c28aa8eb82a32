"""F-failed-commit-refuses: a shared Session whose commit failed on a lock refuses every use.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with
.venv/bin/python.
"""
import os
import sqlite3

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy import exc, text  # noqa: E402
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column  # noqa: E402

fact = Fact(
    "F-failed-commit-refuses",
    "when a long-lived Session's commit() fails with 'database is locked' (its flush meets "
    "another connection's write lock, or its COMMIT meets another connection's read), "
    "every later use of the session raises (PendingRollbackError or InvalidRequestError) "
    "after the other connection has let go, until rollback() is called",
)
fact.note(f"SQLAlchemy {sa.__version__}")


class Base(DeclarativeBase):
    pass


class Room(Base):
    __tablename__ = "rooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    seen: Mapped[int] = mapped_column(default=0)


db = os.path.join(scratch(), "t.db")
engine = sa.create_engine(f"sqlite:///{db}", connect_args={"timeout": 0.2})
Base.metadata.create_all(engine)
with Session(engine) as s:
    s.add(Room(id=1))
    s.commit()
shared = Session(engine)
other = sqlite3.connect(db, isolation_level=None)


def later_use():
    try:
        shared.execute(sa.select(Room)).all()
        return "works"
    except exc.InvalidRequestError as e:  # PendingRollbackError derives from it
        return type(e).__name__


def tick(lock):
    room = shared.get(Room, 1)
    room.seen += 1
    if lock == "write":
        other.execute("BEGIN IMMEDIATE")
    else:
        shared.flush()
        other.execute("BEGIN")
        other.execute("SELECT * FROM rooms").fetchall()
    try:
        shared.commit()
        failed = "committed"
    except exc.OperationalError as e:
        failed = str(e.orig)
    other.execute("ROLLBACK")
    return failed


for lock in ("write", "read"):
    failed = tick(lock)
    after = later_use()
    fact.note(f"commit meets another connection's {lock}: {failed}; later query: {after}")
    fact.check(failed == "database is locked" and after != "works", f"the failed commit ({lock}) leaves the session refusing")
    again = later_use()
    fact.check(again != "works", "it keeps refusing on the next use")
    shared.rollback()
    fact.check(later_use() == "works", "rollback() makes it usable again")
fact.done()
