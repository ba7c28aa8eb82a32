"""ASGI services whose async engines meet no SQLite lock: one on PostgreSQL,
one on an in-memory SQLite database for a per-process lookup table. Neither
is a second party either: without a SQLite file, nothing contends."""
import os

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

app = FastAPI()

engine = create_async_engine(os.environ.get("DATABASE_URL", "postgresql+asyncpg://localhost/app"))
lookup = create_async_engine("sqlite+aiosqlite:///:memory:")


@app.get("/health")
async def health():
    return {"ok": True}
