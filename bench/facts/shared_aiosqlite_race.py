"""F-aiosqlite-shared-race: two tasks on ONE aiosqlite connection that each read a
key's names and then DELETE/INSERT per name, awaiting between statements, with one
commit at the end, interleave on the connection and share its transaction: both act
on the same stale read and insert every new name twice. A per-key asyncio.Lock
around the read-to-commit (or one upsert statement) keeps each box's names once."""
import asyncio
import os

from _fact import Fact, need, scratch

aiosqlite = need("aiosqlite")
fact = Fact(
    "F-aiosqlite-shared-race",
    "two tasks sharing one aiosqlite connection lose the read-then-write race "
    "inside the process (duplicate inserts); a per-key asyncio.Lock prevents it",
)
BOXES = 100


async def sync_box(db, box, names):
    rows = await (await db.execute("SELECT name FROM items WHERE box = ?", (box,))).fetchall()
    have = {r[0] for r in rows}
    for name in sorted(have - set(names)):
        await db.execute("DELETE FROM items WHERE box = ? AND name = ?", (box, name))
    for name in sorted(set(names) - have):
        await db.execute("INSERT INTO items (box, name) VALUES (?, ?)", (box, name))
    await db.commit()


async def trial(path, locked):
    async with aiosqlite.connect(path) as db:
        await db.execute("CREATE TABLE items (box TEXT, name TEXT)")
        await db.commit()
        locks = {}

        async def run(box):
            if not locked:
                return await sync_box(db, box, ["a", "b", "c"])
            async with locks.setdefault(box, asyncio.Lock()):
                await sync_box(db, box, ["a", "b", "c"])

        duplicated = 0
        for i in range(BOXES):
            box = f"b{i}"
            await asyncio.gather(run(box), run(box))
            cur = await db.execute("SELECT count(*) FROM items WHERE box = ?", (box,))
            duplicated += (await cur.fetchone())[0] > 3
        return duplicated


folder = scratch()
plain = asyncio.run(trial(os.path.join(folder, "plain.db"), False))
locked = asyncio.run(trial(os.path.join(folder, "locked.db"), True))
fact.note(f"unlocked: {plain} of {BOXES} boxes got duplicate names; per-box lock: {locked}")
fact.check(plain > BOXES // 2, "overlapping syncs on one shared connection duplicate names")
fact.check(locked == 0, "a per-key asyncio.Lock from the read to the commit prevents it")
fact.done()
