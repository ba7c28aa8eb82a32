"""p99 write latency and "database is locked" count where one connection, or a
bounded pair of threads, carries all of a program's access to a SQLite file,
against the hazard of many connections (docs/sqlite-facts.md#F-one-connection-p99).

Cases, each run in the default rollback journal and in WAL, with the build's
default synchronous (FULL) and with synchronous=NORMAL:
  shared   one aiosqlite connection shared by TASKS tasks; each task commits
           one-row INSERTs and runs a read (a keyed SELECT and a COUNT over the
           table) between them, as a lifespan/singleton connection serves a
           server's requests;
  per-task TASKS tasks, each with its own aiosqlite connection (the default
           5 s timeout), same work: the hazard the pragma advice is for;
  engine   one SQLAlchemy engine with its default pool, used by two threads (a
           request thread and one worker thread), each running short session
           transactions (a read, then one INSERT and commit), back to back
           or with a nap of 0..2*GAP ms between them (--gap).

A write's latency is from its INSERT to the end of its commit, on the caller's
side (for the shared connection it includes the time queued behind the other
tasks' statements on the connection's one worker thread). A measurement, not a
check: tests/facts.rs does not run it.

Usage: .venv/bin/python bench/load/one_connection_p99.py [--tasks 50] [--writes 40]
       .venv/bin/python bench/load/one_connection_p99.py --only engine --gap 10
"""
import argparse
import asyncio
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time

import aiosqlite
import sqlalchemy
from sqlalchemy import Column, Integer, String, create_engine, event, select, func
from sqlalchemy.orm import Session, declarative_base


def p(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def prepare(path, wal):
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, k TEXT, v TEXT)"
    )
    conn.executemany(
        "INSERT INTO items (k, v) VALUES (?, ?)",
        [(f"seed{i}", "x" * 100) for i in range(5000)],
    )
    conn.commit()
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def is_locked(exc):
    return "locked" in str(exc) or "busy" in str(exc)


async def task_work(db, n, writes, lat, errors, lock_free):
    for i in range(writes):
        try:
            await db.execute("SELECT v FROM items WHERE k = ?", (f"seed{i}",))
            cur = await db.execute("SELECT count(*) FROM items")
            await cur.fetchone()
            await cur.close()
            t = time.perf_counter()
            await db.execute(
                "INSERT INTO items (k, v) VALUES (?, ?)", (f"t{n}-{i}", "y" * 100)
            )
            await db.commit()
            lat.append(time.perf_counter() - t)
        except sqlite3.OperationalError as e:
            if is_locked(e):
                errors.append(1)
            else:
                raise
            try:
                await db.rollback()
            except sqlite3.Error:
                pass


async def shared(path, tasks, writes, synchronous):
    lat, errors = [], []
    async with aiosqlite.connect(path) as db:
        await db.execute(f"PRAGMA synchronous={synchronous}")
        await asyncio.gather(
            *(task_work(db, n, writes, lat, errors, True) for n in range(tasks))
        )
    return lat, errors


async def per_task(path, tasks, writes, synchronous):
    lat, errors = [], []

    async def one(n):
        async with aiosqlite.connect(path) as db:
            await db.execute(f"PRAGMA synchronous={synchronous}")
            await task_work(db, n, writes, lat, errors, False)

    await asyncio.gather(*(one(n) for n in range(tasks)))
    return lat, errors


Base = declarative_base()


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    k = Column(String)
    v = Column(String)


def engine_case(path, writes, synchronous, gap):
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _set(dbapi_connection, record):
        dbapi_connection.execute(f"PRAGMA synchronous={synchronous}")

    lat, errors = [], []
    lock = threading.Lock()

    def worker(name, count):
        for i in range(count):
            try:
                with Session(engine) as s:
                    s.execute(select(Item.v).where(Item.k == f"seed{i}")).all()
                    s.execute(select(func.count(Item.id))).scalar()
                    t = time.perf_counter()
                    s.add(Item(k=f"{name}-{i}", v="z" * 100))
                    s.commit()
                    d = time.perf_counter() - t
                with lock:
                    lat.append(d)
                if gap:
                    time.sleep(random.uniform(0, 2 * gap))
            except sqlalchemy.exc.OperationalError as e:
                if is_locked(e):
                    with lock:
                        errors.append(1)
                else:
                    raise

    threads = [
        threading.Thread(target=worker, args=(name, writes))
        for name in ("request", "worker")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    return lat, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=50)
    ap.add_argument("--writes", type=int, default=40)
    ap.add_argument("--engine-writes", type=int, default=1000)
    ap.add_argument("--gap", type=float, default=0.0,
                    help="engine case: mean ms each thread naps between transactions "
                         "(the rest of its request or job); 0 = back to back")
    ap.add_argument("--only", choices=("shared", "per-task", "engine"), action="append")
    args = ap.parse_args()
    folder = tempfile.mkdtemp(prefix="sqlfix-one-conn-")
    print(
        f"SQLite {sqlite3.sqlite_version}, aiosqlite {aiosqlite.__version__}, "
        f"SQLAlchemy {sqlalchemy.__version__}, {os.cpu_count()} CPUs; "
        f"{args.tasks} tasks x {args.writes} writes (engine: 2 threads x {args.engine_writes})"
    )
    print(f"{'case':10} {'journal':8} {'sync':6} {'writes':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'locked':>6}")
    try:
        for case in args.only or ("shared", "per-task", "engine"):
            for wal in (False, True):
                for synchronous in ("FULL", "NORMAL"):
                    path = os.path.join(folder, f"{case}-{wal}-{synchronous}.db")
                    prepare(path, wal)
                    if case == "shared":
                        lat, errors = asyncio.run(
                            shared(path, args.tasks, args.writes, synchronous)
                        )
                    elif case == "per-task":
                        lat, errors = asyncio.run(
                            per_task(path, args.tasks, args.writes, synchronous)
                        )
                    else:
                        lat, errors = engine_case(
                            path, args.engine_writes, synchronous, args.gap / 1000
                        )
                    print(
                        f"{case:10} {'wal' if wal else 'delete':8} {synchronous:6} "
                        f"{len(lat):6} {p(lat, 0.5):8.1f} {p(lat, 0.99):8.1f} "
                        f"{max(lat) * 1000 if lat else float('nan'):8.1f} {len(errors):6}"
                    )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
