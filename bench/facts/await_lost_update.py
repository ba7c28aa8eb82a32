"""F-await-lost-update: on one event loop, a command that reads a counter, awaits
something (a message send), then writes back a value computed from what it read
loses updates when several commands for one key overlap: each resumes with its own
stale read. Nothing is lost when no await separates the read from the write (the
loop cannot switch tasks there), when the write is one atomic statement
(`SET n = n + ?`), or when a per-key asyncio.Lock spans read to commit. `BEGIN
IMMEDIATE` is no fix on a connection the tasks share: the second task's BEGIN
raises 'cannot start a transaction within a transaction'."""
import asyncio
import os
import sqlite3

from _fact import Fact, need, scratch

aiosqlite = need("aiosqlite")
fact = Fact(
    "F-await-lost-update",
    "read, await, write back a computed value: overlapping commands on one loop lose "
    "updates; no await between, an atomic UPDATE or a per-key lock lose none",
)
COMMANDS = 40


def fresh(path):
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE players (id INTEGER PRIMARY KEY, points INTEGER)")
    setup.execute("INSERT INTO players VALUES (1, 0)")
    setup.commit()
    setup.close()


def final_points(path):
    check = sqlite3.connect(path)
    (points,) = check.execute("SELECT points FROM players WHERE id = 1").fetchone()
    check.close()
    return points


async def shared_aiosqlite(path, shape):
    """COMMANDS overlapping commands, each adding one point, on one shared connection."""
    fresh(path)
    lock = asyncio.Lock()
    async with aiosqlite.connect(path) as db:

        async def command():
            if shape == "atomic":
                await asyncio.sleep(0.001)  # the message send
                await db.execute("UPDATE players SET points = points + 1 WHERE id = 1")
                await db.commit()
                return
            if shape == "locked":
                await lock.acquire()
            try:
                cur = await db.execute("SELECT points FROM players WHERE id = 1")
                (points,) = await cur.fetchone()
                await asyncio.sleep(0.001)  # the message send
                await db.execute("UPDATE players SET points = ? WHERE id = 1", (points + 1,))
                await db.commit()
            finally:
                if shape == "locked":
                    lock.release()

        await asyncio.gather(*(command() for _ in range(COMMANDS)))
    return final_points(path)


async def shared_sqlite3(path, shape):
    """The same commands on one module-level sqlite3 connection, called from the loop."""
    fresh(path)
    conn = sqlite3.connect(path)
    errors = 0

    async def command():
        nonlocal errors
        try:
            if shape == "immediate":
                conn.execute("BEGIN IMMEDIATE")
            (points,) = conn.execute("SELECT points FROM players WHERE id = 1").fetchone()
            if shape != "no_await":
                await asyncio.sleep(0.001)
            conn.execute("UPDATE players SET points = ? WHERE id = 1", (points + 1,))
            conn.commit()
        except sqlite3.OperationalError as e:
            if "within a transaction" in str(e):
                errors += 1
            else:
                raise
        await asyncio.sleep(0)

    await asyncio.gather(*(command() for _ in range(COMMANDS)))
    conn.close()
    return final_points(path), errors


folder = scratch()
lost = asyncio.run(shared_aiosqlite(os.path.join(folder, "a.db"), "plain"))
atomic = asyncio.run(shared_aiosqlite(os.path.join(folder, "b.db"), "atomic"))
locked = asyncio.run(shared_aiosqlite(os.path.join(folder, "c.db"), "locked"))
sync_await, _ = asyncio.run(shared_sqlite3(os.path.join(folder, "d.db"), "await"))
sync_plain, _ = asyncio.run(shared_sqlite3(os.path.join(folder, "e.db"), "no_await"))
_, begin_errors = asyncio.run(shared_sqlite3(os.path.join(folder, "f.db"), "immediate"))
fact.note(
    f"{COMMANDS} commands adding 1 each: aiosqlite read/await/write {lost}, atomic {atomic}, "
    f"per-key lock {locked}; sqlite3 read/await/write {sync_await}, no await between {sync_plain}; "
    f"BEGIN IMMEDIATE on the shared sqlite3 connection: {begin_errors} commands raised"
)
fact.check(lost < COMMANDS, "aiosqlite: reading, awaiting, then writing back loses updates")
fact.check(sync_await < COMMANDS, "sqlite3 on the loop: an await between read and write loses updates")
fact.check(sync_plain == COMMANDS, "no await between the read and the write: nothing lost")
fact.check(atomic == COMMANDS, "one atomic `SET points = points + 1`: nothing lost")
fact.check(locked == COMMANDS, "a per-key asyncio.Lock from the read to the commit: nothing lost")
fact.check(begin_errors > 0, "BEGIN IMMEDIATE on a connection the tasks share raises in the overlapping tasks")
fact.done()
