"""F-session-not-thread-safe: one Session shared by threads mixes their units of work.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os
import threading

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy.orm import sessionmaker  # noqa: E402

fact = Fact(
    "F-session-not-thread-safe",
    "a module-level Session used by several threads is one unit of work: one thread's "
    "commit writes another thread's pending rows, and the other's rollback cannot undo them; "
    "under load the threads' flushes and commits also fail inside the session",
)
fact.note(f"SQLAlchemy {sa.__version__}")

folder = scratch()
engine = sa.create_engine(f"sqlite:///{os.path.join(folder, 'shared.db')}")
with engine.begin() as conn:
    conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
session = sessionmaker(bind=engine)()

added, committed = threading.Event(), threading.Event()


def a():
    """Adds a row it means to throw away, then rolls back."""
    session.execute(sa.text("INSERT INTO t VALUES (1)"))
    added.set()
    committed.wait(5)
    session.rollback()


def b():
    """Commits its own row meanwhile."""
    added.wait(5)
    session.execute(sa.text("INSERT INTO t VALUES (2)"))
    session.commit()
    committed.set()


threads = [threading.Thread(target=a), threading.Thread(target=b)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with engine.connect() as conn:
    rows = sorted(r[0] for r in conn.exec_driver_sql("SELECT x FROM t"))
fact.check(1 in rows, f"thread B's commit wrote thread A's row, A's rollback left it: rows {rows}")

# The same with the driver's flag in the URL (`?check_same_thread=False`, as GUI
# apps spell it): the flag only lets sqlite3's connection be used from another
# thread; the Session's unit of work is still the one both threads share.
flagged = sa.create_engine(f"sqlite:///{os.path.join(folder, 'flagged.db')}?check_same_thread=False")
with flagged.begin() as conn:
    conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
session = sessionmaker(bind=flagged)()
added.clear()
committed.clear()
threads = [threading.Thread(target=a), threading.Thread(target=b)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with flagged.connect() as conn:
    flagged_rows = sorted(r[0] for r in conn.exec_driver_sql("SELECT x FROM t"))
fact.check(
    1 in flagged_rows,
    f"with ?check_same_thread=False in the URL, B's commit still wrote A's row: rows {flagged_rows}",
)
session.close()
flagged.dispose()
session = sessionmaker(bind=engine)()

# Many threads at once through the one session: count what goes wrong.
errors, lost = [], 0
with engine.begin() as conn:
    conn.exec_driver_sql("DELETE FROM t")


def writer(n):
    for i in range(50):
        try:
            session.execute(sa.text("INSERT INTO t VALUES (:x)"), {"x": n * 1000 + i})
            session.commit()
        except Exception as e:  # noqa: BLE001 - every kind of failure is the point
            errors.append(type(e).__name__)
            try:
                session.rollback()
            except Exception as e2:  # noqa: BLE001
                errors.append(type(e2).__name__)


workers = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
for t in workers:
    t.start()
for t in workers:
    t.join()
with engine.connect() as conn:
    kept = conn.exec_driver_sql("SELECT count(*) FROM t").scalar()
fact.note(f"8 threads x 50 insert+commit on one session: {kept} rows kept, {len(errors)} errors {sorted(set(errors))}")
session.close()
engine.dispose()
fact.done()
