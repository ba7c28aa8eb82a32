"""F-orm-read-then-write: a Session's read-then-write loses updates under threads; BEGIN IMMEDIATE first does not.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os
import sqlite3
import threading
import time

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy.orm import sessionmaker  # noqa: E402

fact = Fact("F-orm-read-then-write", "on a default SQLite engine a Session's query then update runs the query outside the transaction, so concurrent sessions lose updates; `session.execute(text('BEGIN IMMEDIATE'))` as the session's first statement makes them wait instead, and `commit()` ends it")
fact.note(f"SQLAlchemy {sa.__version__}")
THREADS, ROUNDS = 8, 10


def run(begin_immediate, wal):
    db = os.path.join(scratch(), "t.db")
    setup = sqlite3.connect(db)
    if wal:
        setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, n INTEGER)")
    setup.execute("INSERT INTO c VALUES (1, 0)")
    setup.commit()
    setup.close()
    engine = sa.create_engine(f"sqlite:///{db}", connect_args={"timeout": 30})
    Session = sessionmaker(bind=engine)
    errors = []

    def work():
        for _ in range(ROUNDS):
            try:
                with Session() as session:
                    if begin_immediate:
                        session.execute(sa.text("BEGIN IMMEDIATE"))
                    n = session.execute(sa.text("SELECT n FROM c WHERE id = 1")).scalar()
                    time.sleep(0.001)
                    session.execute(sa.text("UPDATE c SET n = :n WHERE id = 1"), {"n": n + 1})
                    session.commit()
            except sa.exc.OperationalError as e:
                errors.append(str(e.orig))

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        n = conn.exec_driver_sql("SELECT n FROM c").scalar()
    engine.dispose()
    return n, errors


for wal in (False, True):
    journal = "WAL" if wal else "rollback journal"
    n, errors = run(False, wal)
    fact.check(n + len(errors) < THREADS * ROUNDS, f"{journal}, default: {THREADS}x{ROUNDS} increments gave {n}, {len(errors)} errors")
    n, errors = run(True, wal)
    fact.check(n == THREADS * ROUNDS and not errors, f"{journal}, BEGIN IMMEDIATE first: {THREADS}x{ROUNDS} increments gave {n}, {len(errors)} errors")
fact.done()
