"""F-next-generator-session: `next(get_db())` closes at once; a per-call engine does not.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with
.venv/bin/python.
"""
import gc
import os

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

fact = Fact(
    "F-next-generator-session",
    "on CPython, `db = next(get_db(factory))` drops the generator at once, so its "
    "`finally: db.close()` runs before the next line; the engine built per call and never "
    "disposed keeps its pooled sqlite3 connection (a file handle) until the cyclic GC",
)
folder = scratch()
url = f"sqlite:///{os.path.join(folder, 'results.db')}"
closed = []


def get_db(session_class):
    try:
        db = session_class()
        yield db
    finally:
        closed.append(1)
        db.close()


def handles():
    fd = "/proc/self/fd"
    if not os.path.isdir(fd):
        return None
    return sum(
        1 for f in os.listdir(fd) if os.path.realpath(os.path.join(fd, f)).endswith("results.db")
    )


def save(i):
    engine = sa.create_engine(url)
    session_class = sessionmaker(bind=engine)
    db = next(get_db(session_class))
    closed_at_next = len(closed)
    db.execute(text("CREATE TABLE IF NOT EXISTS t (x)"))
    db.execute(text("INSERT INTO t VALUES (:x)"), {"x": i})
    db.commit()
    return closed_at_next


gc.collect()
gc.disable()
seen = [save(i) == i + 1 for i in range(20)]
fact.check(all(seen), "the generator's finally ran as soon as next() returned, every call")
before = handles()
gc.enable()
gc.collect()
after = handles()
fact.note(f"handles on the file after 20 saves: {before} before the cyclic GC, {after} after")
if before is not None:
    fact.check(before >= 10 and after == 0, "the per-call engines keep their connections until the cyclic GC")
fact.done()
