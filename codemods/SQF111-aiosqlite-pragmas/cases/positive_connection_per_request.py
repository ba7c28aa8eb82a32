# Each route opens its own aiosqlite connection: two requests interleaved on
# the loop hold two connections, each on its own worker thread, and the
# rollback journal makes a reader wait for the writer.
import aiosqlite
from fastapi import FastAPI

app = FastAPI()
SHELF = "shelf.db"


@app.post("/books")
async def add_book(title: str, pages: int):
    async with aiosqlite.connect(SHELF) as db:
        await db.execute("INSERT INTO books (title, pages) VALUES (?, ?)", (title, pages))
        await db.execute("UPDATE stats SET total_pages = total_pages + ?", (pages,))
        await db.commit()
    return {"ok": True}


@app.get("/books")
async def list_books():
    async with aiosqlite.connect(SHELF) as db:
        async with db.execute("SELECT title, pages FROM books") as cursor:
            return await cursor.fetchall()
