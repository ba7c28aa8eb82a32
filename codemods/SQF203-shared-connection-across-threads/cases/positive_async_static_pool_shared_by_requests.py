"""An ASGI service keeps its notes in a file, and its async engine hands the one
pooled connection to every request's session: two requests that overlap on the
loop write inside one transaction."""
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

engine = create_async_engine(
    "sqlite+aiosqlite:///notes.db",
    poolclass=StaticPool,
    connect_args={"check_same_thread": False},
)
Session = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
app = FastAPI()


@app.post("/notes")
async def add_note(body: str):
    async with Session() as session:
        await session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})
        await session.execute(text("UPDATE stats SET n = n + 1"))
        await session.commit()
    return {"ok": True}
