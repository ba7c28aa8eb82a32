"""An ASGI service on an async SQLAlchemy engine whose URL is SQLite unless a
server URL is configured. Nothing starts a thread, but the engine's pool gives
each request its own aiosqlite connection, run by a worker thread of its own,
and a session keeps its transaction open across awaits: two interleaved
requests are two connections contending for the file's lock. The "connect"
listener turns on foreign keys only, so the file keeps the rollback journal."""
import os

from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

app = FastAPI()


class Database:
    def __init__(self, name: str, location: str):
        if "://" in location:
            url = location.replace("postgres://", "postgresql+asyncpg://")
        else:
            os.makedirs(location, exist_ok=True)
            self.path = os.path.join(location, f"{name}.sqlite3")
            url = f"sqlite+aiosqlite:///{self.path}"
        self.engine = create_async_engine(url)

        @event.listens_for(self.engine.sync_engine, "connect")
        def _foreign_keys(dbapi_connection, connection_record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession)


db = Database("ledger", os.environ.get("DB_LOCATION", "data"))


@app.post("/entries")
async def add_entry(amount: int):
    async with db.sessions() as session:
        total = (await session.execute(text("SELECT coalesce(sum(amount), 0) FROM entries"))).scalar()
        await session.execute(text("INSERT INTO entries (amount) VALUES (:a)"), {"a": amount})
        await session.commit()
    return {"total": total + amount}
