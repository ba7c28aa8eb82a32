# The same one-connection service, started by uvicorn with four worker
# processes: each opens its own connection to the same file, so writers of
# different workers do wait for each other.
from contextlib import asynccontextmanager

import aiosqlite
from fastapi import FastAPI

shelf = None


@asynccontextmanager
async def lifespan(app):
    global shelf
    shelf = await aiosqlite.connect("shelf.db")
    await shelf.execute("CREATE TABLE IF NOT EXISTS books (title TEXT, pages INTEGER)")
    yield
    await shelf.close()


app = FastAPI(lifespan=lifespan)


@app.post("/books")
async def add_book(title: str, pages: int):
    await shelf.execute("INSERT INTO books (title, pages) VALUES (?, ?)", (title, pages))
    await shelf.execute("UPDATE stats SET total_pages = total_pages + ?", (pages,))
    await shelf.commit()
    return {"ok": True}


@app.get("/books")
async def list_books():
    async with shelf.execute("SELECT title, pages FROM books") as cursor:
        return await cursor.fetchall()
