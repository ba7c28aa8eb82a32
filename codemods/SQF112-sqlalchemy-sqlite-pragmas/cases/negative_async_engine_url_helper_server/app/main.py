"""The same helpers on a server database: nothing says SQLite, not reported.
A helper that swaps the driver to another database is not followed either."""
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .config import REPORTS_URL, settings
from .urls import async_driver, async_url, production_or

engine = None
sessions = None
reports_engine = create_async_engine(async_driver(REPORTS_URL))
other_engine = create_async_engine(production_or(os.environ["OTHER_URL"]))


@asynccontextmanager
async def lifespan(app):
    global engine, sessions
    engine = create_async_engine(async_url(settings.database_url))
    sessions = async_sessionmaker(engine)
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.post("/notes")
async def add_note(body: str):
    async with sessions() as session:
        await session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})
        await session.commit()
    async with reports_engine.connect() as conn:
        await conn.exec_driver_sql("SELECT 1")
    async with other_engine.connect() as conn:
        await conn.exec_driver_sql("SELECT 1")
    return {"ok": True}
