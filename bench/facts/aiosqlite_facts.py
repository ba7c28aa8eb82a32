"""F-aiosqlite-thread, F-aiosqlite-close, F-connect-cost, F-loop-stall: aiosqlite and the event loop.

Needs aiosqlite (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import asyncio
import os
import sqlite3
import threading
import time

from _fact import Fact, need, scratch

aiosqlite = need("aiosqlite")
fact = Fact("F-aiosqlite-thread / F-aiosqlite-close / F-connect-cost / F-loop-stall", "aiosqlite passes timeout through (5 s default), runs one thread per connection, closes without committing; connecting per query costs several times a reused connection; a blocking sqlite3 wait in async def stalls the event loop, aiosqlite's does not")
fact.note(f"aiosqlite {getattr(aiosqlite, '__version__', '?')}")
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db, isolation_level=None)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE t (x)")


async def defaults():
    async with aiosqlite.connect(db) as conn:
        timeout = (await (await conn.execute("PRAGMA busy_timeout")).fetchone())[0]
    fact.check(timeout == 5000, f"aiosqlite.connect(path): busy_timeout {timeout}")
    async with aiosqlite.connect(db, timeout=0) as conn:
        timeout = (await (await conn.execute("PRAGMA busy_timeout")).fetchone())[0]
    fact.check(timeout == 0, f"aiosqlite.connect(path, timeout=0): busy_timeout {timeout}")

    await asyncio.sleep(0.1)  # let the threads of the connections closed above finish
    before = set(threading.enumerate())
    conns = [await aiosqlite.connect(db) for _ in range(3)]
    during = len(set(threading.enumerate()) - before) + len(before)
    before = len(before)
    for conn in conns:
        await conn.close()
    fact.check(during - before == 3, f"3 open connections add {during - before} threads")

    async with aiosqlite.connect(db) as conn:
        await conn.execute("INSERT INTO t VALUES (1)")
    rows = setup.execute("SELECT count(*) FROM t").fetchone()[0]
    fact.check(rows == 0, f"INSERT inside `async with aiosqlite.connect(...)` without commit: {rows} rows kept")


async def connect_cost(n=100, rounds=5):
    # Best of interleaved rounds: a loaded machine (CI runs suites side by side) slows a
    # round at random, and the best round is the cost the code itself has.
    async def per_query_round():
        start = time.perf_counter()
        for _ in range(n):
            async with aiosqlite.connect(db) as conn:
                await (await conn.execute("SELECT count(*) FROM t")).fetchone()
        return (time.perf_counter() - start) / n * 1000

    async def reused_round():
        async with aiosqlite.connect(db) as conn:
            start = time.perf_counter()
            for _ in range(n):
                await (await conn.execute("SELECT count(*) FROM t")).fetchone()
            return (time.perf_counter() - start) / n * 1000

    per_query_runs, reused_runs = [], []
    for _ in range(rounds):
        per_query_runs.append(await per_query_round())
        reused_runs.append(await reused_round())
    per_query, reused = min(per_query_runs), min(reused_runs)
    ratio = per_query / reused
    fact.check(ratio > 2, f"connect per query {per_query:.2f} ms, reused connection {reused:.2f} ms: {ratio:.1f}x")


async def loop_lag(write):
    """Longest gap between 1 ms ticks while `write` waits ~300 ms for a held lock."""
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    worst = 0.0
    stop = False

    async def ticker():
        nonlocal worst
        last = time.perf_counter()
        while not stop:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            worst = max(worst, now - last)
            last = now

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    await write()
    stop = True
    await tick
    return worst * 1000


async def blocking_write():
    conn = sqlite3.connect(db, timeout=5)
    conn.execute("INSERT INTO t VALUES (2)")
    conn.commit()
    conn.close()


async def aiosqlite_write():
    async with aiosqlite.connect(db, timeout=5) as conn:
        await conn.execute("INSERT INTO t VALUES (3)")
        await conn.commit()


async def main():
    await defaults()
    await connect_cost()
    stalled = await loop_lag(blocking_write)
    fact.check(stalled > 200, f"sqlite3 write waiting on a lock inside async def: event loop stalled {stalled:.0f} ms")
    lag = await loop_lag(aiosqlite_write)
    fact.check(lag < 100, f"the same write through aiosqlite: longest loop gap {lag:.1f} ms")


asyncio.run(main())
fact.done()
