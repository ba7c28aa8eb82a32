"""The same store with an `async def close()` that awaits the async engine's
`dispose()` (the only release of its aiosqlite connections), and a sync engine
released through its pool (`engine.pool.dispose()` closes the checked-in
connections). Nothing is left open: not reported."""
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker


class DocumentStore:
    def __init__(self, path):
        self._sync_engine = create_engine(f"sqlite:///{path}")
        self._async_engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        self._sessions = sessionmaker(self._sync_engine)
        self._async_sessions = async_sessionmaker(self._async_engine)
        self._log = open(f"{path}.log", "a")

    async def get(self, doc_id):
        async with self._async_sessions() as s:
            return (await s.execute(text("SELECT body FROM docs WHERE id = :i"), {"i": doc_id})).scalar()

    async def close(self):
        self._log.close()
        self._sync_engine.pool.dispose()
        await self._async_engine.dispose()
