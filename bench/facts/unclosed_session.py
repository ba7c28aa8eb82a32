"""F-unclosed-session: a Session dropped without close() keeps its connection until the GC.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import gc
import os
import sqlite3
import threading

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy.orm import sessionmaker  # noqa: E402

fact = Fact(
    "F-unclosed-session",
    "a request that queries through a Session and returns without closing it leaves the "
    "session's pooled connection checked out until the cyclic garbage collector runs; "
    "once the pool's 5 + 10 connections are out, the next request waits for pool_timeout "
    "and fails, and a write left uncommitted keeps the write lock; "
    "`with Session() as s:` gives the connection back at the end of the block",
)
fact.note(f"SQLAlchemy {sa.__version__}")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db)
setup.execute("CREATE TABLE t (x INTEGER)")
setup.commit()
setup.close()
engine = sa.create_engine(f"sqlite:///{db}", pool_timeout=0.2, connect_args={"timeout": 0.3})
make = sessionmaker(bind=engine)
fact.note(f"pool: {type(engine.pool).__name__}, size {engine.pool.size()}")


def leaky_view():
    db = make()
    return db.execute(sa.text("SELECT count(*) FROM t")).scalar()


def leaky_write():
    db = make()
    db.execute(sa.text("INSERT INTO t VALUES (1)"))
    raise ValueError("validation failed after the write")


def closed_view():
    with make() as db:
        return db.execute(sa.text("SELECT count(*) FROM t")).scalar()


def request(view):
    """One request on a thread of its own, as a threaded server runs it."""
    errors = []

    def run():
        try:
            view()
        except Exception as e:  # noqa: BLE001
            errors.append(type(e).__name__)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return errors


def writer():
    conn = sqlite3.connect(db, timeout=0.3)
    try:
        conn.execute("INSERT INTO t VALUES (2)")
        conn.commit()
        return "ok"
    except sqlite3.OperationalError as e:
        return str(e)
    finally:
        conn.close()


gc.collect()
gc.disable()
errors = [e for _ in range(16) for e in request(leaky_view)]
fact.check(engine.pool.checkedout() == 15, f"unclosed: connections checked out after 16 requests: {engine.pool.checkedout()}")
fact.check(errors == ["TimeoutError"], f"unclosed: the 16th request: {errors or 'served'}")
gc.enable()
gc.collect()
fact.check(engine.pool.checkedout() == 0, f"unclosed: after gc.collect(): {engine.pool.checkedout()} checked out")

gc.disable()
request(leaky_write)
wrote = writer()
gc.enable()
gc.collect()
fact.check(wrote == "database is locked", f"write left uncommitted by an unclosed session, another writer: {wrote}")

gc.disable()
for _ in range(16):
    request(closed_view)
out = engine.pool.checkedout()
gc.enable()
fact.check(out == 0 and writer() == "ok", f"closed with `with`: checked out after 16 requests: {out}")
fact.done()
