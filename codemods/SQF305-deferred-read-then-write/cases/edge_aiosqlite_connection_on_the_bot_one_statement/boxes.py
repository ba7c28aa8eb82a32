"""The same shared `self.bot.db`, written the way the fix writes it: one
upsert and one delete, whose rows come from the caller, not from a read
(not reported); a read that only decides what to show (not reported); and a
counter read then written back through a module-level handle path
`state.db` (reported)."""


class Boxes:
    def __init__(self, bot):
        self.bot = bot

    async def sync_box(self, box, names):
        marks = ",".join("?" for _ in names)
        await self.bot.db.execute(
            f"DELETE FROM items WHERE box = ? AND name NOT IN ({marks})", (box, *names)
        )
        await self.bot.db.executemany(
            "INSERT INTO items (box, name) VALUES (?, ?) ON CONFLICT (box, name) DO NOTHING",
            [(box, name) for name in names],
        )
        await self.bot.db.commit()

    async def show(self, box):
        rows = await (await self.bot.db.execute("SELECT name FROM items WHERE box = ?", (box,))).fetchall()
        await self.bot.db.execute("INSERT INTO views (box) VALUES (?)", (box,))
        await self.bot.db.commit()
        return [r[0] for r in rows]


async def bump(state, box):
    row = await (await state.db.execute("SELECT n FROM counters WHERE box = ?", (box,))).fetchone()
    await state.db.execute("UPDATE counters SET n = ? WHERE box = ?", (row[0] + 1, box))
    await state.db.commit()
