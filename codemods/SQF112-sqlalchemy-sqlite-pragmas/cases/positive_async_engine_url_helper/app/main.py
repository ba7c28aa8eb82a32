"""The engine is made in the app's lifespan from the configured URL, rewritten
by a helper: the settings default is a SQLite file, so likely SQLite."""
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .config import REPORTS_URL, settings
from .urls import archive_url, async_driver, async_url

engine = None
sessions = None
reports_engine = create_async_engine(async_driver(REPORTS_URL))
archive_engine = create_async_engine(archive_url("./archive.db"))


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
    return {"ok": True}


@app.get("/reports/ping")
async def reports_ping():
    async with reports_engine.connect() as conn:
        await conn.exec_driver_sql("SELECT 1")
    async with archive_engine.connect() as conn:
        await conn.exec_driver_sql("SELECT 1")
    return {"ok": True}
