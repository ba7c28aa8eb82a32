"""Both stores the conditional expression can pick are aiosqlite stores whose
methods are coroutines: whichever branch runs, the route awaits the query and
the loop keeps serving."""

import aiosqlite
from fastapi import FastAPI


class AsyncTable:
    def __init__(self, path, table):
        self.path = path
        self.table = table

    async def page(self, offset, limit):
        async with aiosqlite.connect(self.path) as db:
            cursor = await db.execute(
                f"SELECT id FROM {self.table} LIMIT ? OFFSET ?", (limit, offset)
            )
            return await cursor.fetchall()


class Archive:
    def __init__(self):
        self.open_items = AsyncTable("items.db", "open_items")
        self.closed_items = AsyncTable("items.db", "closed_items")


archive = Archive()
app = FastAPI()


@app.get("/items/{state}")
async def items(state: str, offset: int = 0):
    table = archive.open_items if state == "open" else archive.closed_items
    return await table.page(offset, 50)
