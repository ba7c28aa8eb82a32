import aiosqlite
from fastapi import FastAPI

from store import DB_PATH, mark_seen

app = FastAPI()


@app.get("/items/{item_id}")
async def item(item_id: int):
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute("SELECT * FROM items WHERE id = ?", (item_id,)) as cursor:
            row = await cursor.fetchone()
    mark_seen(item_id)
    return row
