"""The usual fixture idiom: an in-memory database is one connection, so the pool
that shares it is the only way every session sees the same tables."""
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

memory_engine = create_async_engine(
    "sqlite+aiosqlite:///:memory:",
    poolclass=StaticPool,
    connect_args={"check_same_thread": False},
)
SessionForChecks = async_sessionmaker(memory_engine)
app = FastAPI()


@app.get("/ping")
async def ping():
    async with SessionForChecks() as session:
        await session.commit()
    return "pong"
