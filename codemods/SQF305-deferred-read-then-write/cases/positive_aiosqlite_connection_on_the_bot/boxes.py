"""A snapshot of a box's names, then per-name DELETEs and INSERTs on the
bot's one shared aiosqlite connection, awaiting between statements, one
commit at the end. Two overlapping syncs of the same box both read the old
names and both insert the new ones (docs/sqlite-facts.md#F-aiosqlite-shared-race). Expected: both coroutines reported (SQF305), the read
of the second one through `async with ... as cur:`."""


class Boxes:
    def __init__(self, bot):
        self.bot = bot

    async def sync_box(self, box, names):
        rows = await (await self.bot.db.execute("SELECT name FROM items WHERE box = ?", (box,))).fetchall()
        have = {r[0] for r in rows}
        for name in have - set(names):
            await self.bot.db.execute("DELETE FROM items WHERE box = ? AND name = ?", (box, name))
        for name in set(names) - have:
            await self.bot.db.execute("INSERT INTO items (box, name) VALUES (?, ?)", (box, name))
        await self.bot.db.commit()

    async def sync_tags(self, box, tags):
        async with self.bot.db.execute("SELECT tag FROM tags WHERE box = ?", (box,)) as cur:
            rows = await cur.fetchall()
        have = {r[0] for r in rows}
        for tag in set(tags) - have:
            await self.bot.db.execute("INSERT INTO tags (box, tag) VALUES (?, ?)", (box, tag))
        await self.bot.db.commit()
