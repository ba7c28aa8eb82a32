"""The engine's URL is read from the config object the store holds."""
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from .config import StoreConfig


class EventStore:
    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.engine = self._make_engine()
        self.sessions = async_sessionmaker(self.engine)

    def _make_engine(self) -> AsyncEngine:
        return create_async_engine(self.config.url, pool_pre_ping=True)

    async def record(self, kind: str) -> None:
        async with self.sessions() as session:
            await session.execute(text("INSERT INTO events (kind) VALUES (:k)"), {"k": kind})
            await session.commit()
