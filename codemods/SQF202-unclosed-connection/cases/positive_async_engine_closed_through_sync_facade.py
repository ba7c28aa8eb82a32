"""A store over one SQLite file with a sync engine (migrations, exports) and an
aiosqlite engine (requests). `close()` disposes the sync engine and then the
async engine's `sync_engine` facade: that call cannot close aiosqlite's pooled
connections (each close needs the event loop; the pool logs MissingGreenlet and
keeps going), so their worker threads outlive `close()` and the process never
exits. Reported, without a fix: a sync `close()` cannot await the dispose."""
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker


class DocumentStore:
    def __init__(self, path):
        self._sync_engine = create_engine(f"sqlite:///{path}")
        self._async_engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        self._sessions = sessionmaker(self._sync_engine)
        self._async_sessions = async_sessionmaker(self._async_engine)

    def migrate(self):
        with self._sessions.begin() as s:
            s.execute(text("CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, body TEXT)"))

    async def get(self, doc_id):
        async with self._async_sessions() as s:
            return (await s.execute(text("SELECT body FROM docs WHERE id = :i"), {"i": doc_id})).scalar()

    def close(self):
        self._sync_engine.dispose()
        self._async_engine.sync_engine.dispose()
