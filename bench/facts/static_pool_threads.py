"""F-static-pool: a one-connection pool on a file shares one transaction among threads.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os
import threading

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy.orm import Session  # noqa: E402
from sqlalchemy.pool import StaticPool  # noqa: E402

fact = Fact(
    "F-static-pool",
    "with poolclass=StaticPool on a file, every thread's session uses the same sqlite3 "
    "connection: one thread sees and commits another's unfinished transaction; the "
    "default pool gives each thread its own connection",
)
fact.note(f"SQLAlchemy {sa.__version__}")


def run(engine):
    """Thread A inserts and waits before rolling back; thread B reads and commits meanwhile."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        conn.exec_driver_sql("DELETE FROM t")
    inserted, checked = threading.Event(), threading.Event()
    seen = []

    def a():
        with Session(engine) as s:
            s.execute(sa.text("INSERT INTO t VALUES (1)"))
            inserted.set()
            checked.wait(5)
            s.rollback()

    def b():
        inserted.wait(5)
        with Session(engine) as s:
            try:
                seen.append(s.execute(sa.text("SELECT count(*) FROM t")).scalar())
                s.commit()
            except sa.exc.OperationalError as e:
                seen.append(str(e.orig))
        checked.set()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT count(*) FROM t").scalar()
    return seen, kept


folder = scratch()
static = sa.create_engine(
    f"sqlite:///{os.path.join(folder, 'static.db')}",
    poolclass=StaticPool,
    connect_args={"check_same_thread": False},
)
seen, kept = run(static)
fact.check(seen == [1], f"StaticPool: thread B saw thread A's uncommitted row: {seen}")
fact.check(kept == 1, f"StaticPool: A's row survives A's rollback, B's commit wrote it: {kept} row(s)")
static.dispose()

default = sa.create_engine(f"sqlite:///{os.path.join(folder, 'default.db')}")
fact.note(f"default pool: {type(default.pool).__name__}")
seen, kept = run(default)
fact.check(seen == [0], f"default pool: thread B does not see A's uncommitted row: {seen}")
fact.check(kept == 0, f"default pool: A's rollback undoes its row: {kept} row(s)")
default.dispose()
fact.done()
