# A class that holds the program's one aiosqlite connection, made once at
# module level and opened at start-up; every handler goes through it. All
# statements queue on that connection's one worker thread and a connection
# never waits for its own lock, so neither WAL nor a busy timeout can matter.
# Nothing else in the project opens the file.
import asyncio

import aiosqlite

DB_PATH = "ledger.db"


class Ledger:
    def __init__(self):
        self.db = None

    async def open(self):
        self.db = await aiosqlite.connect(DB_PATH)
        await self.db.execute("CREATE TABLE IF NOT EXISTS entries (who TEXT, amount INTEGER)")
        await self.db.commit()

    async def add(self, who, amount):
        await self.db.execute("INSERT INTO entries (who, amount) VALUES (?, ?)", (who, amount))
        await self.db.commit()

    async def total(self, who):
        async with self.db.execute("SELECT sum(amount) FROM entries WHERE who = ?", (who,)) as cur:
            return (await cur.fetchone())[0]


ledger = Ledger()


async def main(events):
    await ledger.open()
    for who, amount in events:
        await ledger.add(who, amount)


if __name__ == "__main__":
    asyncio.run(main([("ann", 5), ("bob", -2)]))
