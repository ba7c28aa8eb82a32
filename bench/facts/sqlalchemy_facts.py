"""F-sqlalchemy: SQLAlchemy's SQLite defaults and its documented BEGIN IMMEDIATE recipe.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os
import sqlite3

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
fact = Fact("F-sqlalchemy", "a file engine pools connections (QueuePool in 2.0) with Python's 5 s timeout; by default a read-then-write in one transaction begins only at the write; the connect/begin event recipe sends BEGIN IMMEDIATE first")
fact.note(f"SQLAlchemy {sa.__version__}")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db)
setup.execute("CREATE TABLE c (n INTEGER)")
setup.execute("INSERT INTO c VALUES (0)")
setup.commit()


def traced(engine):
    sent = []

    @sa.event.listens_for(engine, "connect")
    def trace(dbapi_connection, _record):
        dbapi_connection.set_trace_callback(sent.append)

    return sent


plain = sa.create_engine(f"sqlite:///{db}")
pool = type(plain.pool).__name__
if sa.__version__.startswith("2."):
    fact.check(pool == "QueuePool", f"create_engine('sqlite:///file') pool: {pool}")
else:
    fact.note(f"create_engine('sqlite:///file') pool: {pool}")
sent = traced(plain)
with plain.connect() as conn:
    timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    fact.check(timeout == 5000, f"busy_timeout on its connections: {timeout}")
    conn.rollback()  # the PRAGMA auto-began a SQLAlchemy transaction
    sent.clear()
    with conn.begin():
        n = conn.exec_driver_sql("SELECT n FROM c").scalar()
        conn.exec_driver_sql("UPDATE c SET n = ?", (n + 1,))
statements = [s.split()[0] for s in sent]
fact.check(statements.index("BEGIN") > statements.index("SELECT"), f"default engine, conn.begin(): read then write sends {statements}")

recipe = sa.create_engine(f"sqlite:///{db}")
sent = traced(recipe)


@sa.event.listens_for(recipe, "connect")
def no_implicit_begin(dbapi_connection, _record):
    dbapi_connection.isolation_level = None


@sa.event.listens_for(recipe, "begin")
def begin_immediate(conn):
    conn.exec_driver_sql("BEGIN IMMEDIATE")


with recipe.connect() as conn:
    sent.clear()
    with conn.begin():
        n = conn.exec_driver_sql("SELECT n FROM c").scalar()
        conn.exec_driver_sql("UPDATE c SET n = ?", (n + 1,))
fact.check(sent[:2] == ["BEGIN IMMEDIATE", "SELECT n FROM c"], f"with the recipe: {sent}")

# A session moves between threads, one at a time (what an offload does), on a file
# engine; an in-memory engine pins a connection, hence a database, to each thread.
import threading  # noqa: E402

from sqlalchemy.orm import Session  # noqa: E402

if sa.__version__.startswith("2."):
    args = plain.dialect.create_connect_args(plain.url)[1]
    fact.check(args.get("check_same_thread") is False, f"file engine connect args: {args}")
    session = Session(plain)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(session.execute(sa.text("SELECT n FROM c")).scalar()))
    worker.start()
    worker.join()
    seen.append(session.execute(sa.text("SELECT n FROM c")).scalar())
    session.close()
    fact.check(len(seen) == 2, f"one session used from a worker thread, then its maker: {seen}")
    memory = sa.create_engine("sqlite://")
    fact.check(type(memory.pool).__name__ == "SingletonThreadPool", f"create_engine('sqlite://') pool: {type(memory.pool).__name__}")
    with memory.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.commit()
    other = []

    def look():
        with memory.connect() as conn:
            other.append(conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar())

    worker = threading.Thread(target=look)
    worker.start()
    worker.join()
    fact.check(other == [0], f"in-memory engine, another thread's tables: {other}")
fact.done()
