"""An `async def close()` that closes the log file but forgets the async
engine: reported, and the fix appends `await self._engine.dispose()` (a
coroutine can await it). Its sibling class's sync `close()` forgets its
async engine too: reported with a note instead, since a sync method cannot
await the dispose and a plain call would only make an unawaited coroutine."""
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine


class EventLog:
    def __init__(self, path):
        self._engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        self._sessions = async_sessionmaker(self._engine)
        self._trace = open(f"{path}.trace", "a")

    async def append(self, kind):
        async with self._sessions() as s:
            await s.execute(text("INSERT INTO events (kind) VALUES (:k)"), {"k": kind})
            await s.commit()

    async def close(self):
        self._trace.close()


class AuditLog:
    def __init__(self, path):
        self._engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        self._trace = open(f"{path}.trace", "a")

    async def append(self, kind):
        async with self._engine.begin() as conn:
            await conn.execute(text("INSERT INTO audit (kind) VALUES (:k)"), {"k": kind})

    def close(self):
        self._trace.close()
