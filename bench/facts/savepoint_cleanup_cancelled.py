"""F-savepoint-cleanup-cancelled: an async SAVEPOINT helper on a shared aiosqlite
connection whose cleanup awaits (`ROLLBACK TO`, `RELEASE`) run in `except`/`finally`
unshielded. A single plain-asyncio cancel is delivered once, so the cleanup awaits
complete. A cancellation that is delivered again at the cleanup's awaits (a second
`cancel()`, or an anyio cancel scope, which cancels every await inside it) stops the
cleanup at its first await: the statement already queued runs on aiosqlite's thread,
the next one is never sent, and the savepoint stays open; later writes on the shared
connection nest in it and a reader on another connection never sees them.
`asyncio.shield` around the cleanup lets it finish.

Needs aiosqlite (run with .venv/bin/python); the anyio part runs when anyio is there.
"""
import asyncio
import os
import sqlite3
from contextlib import asynccontextmanager

from _fact import Fact, need, scratch

aiosqlite = need("aiosqlite")
fact = Fact(
    "F-savepoint-cleanup-cancelled",
    "an unshielded async savepoint cleanup stopped by a repeated cancellation leaves the savepoint open",
)


def make_db():
    db = os.path.join(scratch(), "t.db")
    setup = sqlite3.connect(db, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (x)")
    setup.close()
    return db


def savepoint_helper(conn, shield):
    @asynccontextmanager
    async def savepoint():
        await conn.execute("SAVEPOINT sp")
        try:
            yield conn
        except BaseException:

            async def cleanup():
                await conn.execute("ROLLBACK TO sp")
                await conn.execute("RELEASE sp")

            # Shielded, the cleanup runs as a task of its own: a cancel of this
            # one interrupts only the wait for it.
            await (asyncio.shield(cleanup()) if shield else cleanup())
            raise
        else:
            await conn.execute("RELEASE sp")

    return savepoint


async def scenario(recancel, shield=False, use_anyio=False):
    """Cancel a task inside the savepoint; then write through the helper again."""
    db = make_db()
    conn = await aiosqlite.connect(db, isolation_level=None)
    savepoint = savepoint_helper(conn, shield)
    started = asyncio.Event()

    async def request():
        async with savepoint():
            await conn.execute("INSERT INTO t VALUES (1)")
            started.set()
            await asyncio.sleep(10)  # slow work: the request times out here

    if use_anyio:
        anyio = need("anyio")

        async def timed_request():
            with anyio.move_on_after(0.1):
                await request()

        await timed_request()
    else:
        task = asyncio.create_task(request())
        await started.wait()
        task.cancel()
        if recancel:
            await asyncio.sleep(0)  # the task is now at its first cleanup await
            task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
    await asyncio.sleep(0.1)  # let the worker thread finish what was queued
    in_tx = conn._conn.in_transaction
    async with savepoint():
        await conn.execute("INSERT INTO t VALUES (2)")
    reader = sqlite3.connect(db)
    seen = [r[0] for r in reader.execute("SELECT x FROM t")]
    reader.close()
    still_open = conn._conn.in_transaction
    await conn.close()
    return in_tx, still_open, seen


async def main():
    in_tx, still_open, seen = await scenario(recancel=False)
    fact.check(
        not in_tx and seen == [2],
        f"one plain cancel: the cleanup completes (savepoint open after: {in_tx}; reader sees {seen})",
    )
    in_tx, still_open, seen = await scenario(recancel=True)
    fact.check(
        in_tx and still_open and seen == [],
        f"cancelled again at the cleanup: the savepoint stays open (open: {in_tx}, after the next write: {still_open}; reader sees {seen})",
    )
    in_tx, still_open, seen = await scenario(recancel=True, shield=True)
    fact.check(
        not in_tx and seen == [2],
        f"shielded cleanup, cancelled again: it completes (open: {in_tx}; reader sees {seen})",
    )
    try:
        import anyio  # noqa: F401
    except ImportError:
        fact.note("anyio not installed: the cancel-scope case is not run")
        return
    in_tx, still_open, seen = await scenario(recancel=False, use_anyio=True)
    fact.check(
        in_tx and still_open and seen == [],
        f"anyio cancel scope (every await in it cancelled): the savepoint stays open (open: {in_tx}; reader sees {seen})",
    )


asyncio.run(main())
fact.done()
