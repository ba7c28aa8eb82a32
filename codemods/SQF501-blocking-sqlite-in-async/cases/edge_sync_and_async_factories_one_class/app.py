from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

from store import Store

app = FastAPI()
store = Store(
    sessionmaker(create_engine("sqlite:///./both.db")),
    async_sessionmaker(create_async_engine("sqlite+aiosqlite:///./both.db")),
)


@app.get("/a")
async def a():
    return await store.count_async()


@app.get("/b")
async def b():
    return await store.count_sync()
