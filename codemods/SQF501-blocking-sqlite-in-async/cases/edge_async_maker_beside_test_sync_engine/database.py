"""The service's async engine and its session maker, written the pre-2.0 way
(`sessionmaker(engine, class_=AsyncSession)`), beside a sync engine on the same
file that only the test suite uses. `async_session()` makes AsyncSessions whose
queries are awaited on aiosqlite's worker thread: not reported. The report
exporter opens a sync `ReportSession` in a coroutine: reported."""
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

DATABASE_URL = "sqlite+aiosqlite:///./app.db"
SYNC_DATABASE_URL = "sqlite:///./app.db"

async_engine = create_async_engine(DATABASE_URL, echo=False)
async_session = sessionmaker(async_engine, class_=AsyncSession, expire_on_commit=False)
bound_session = sessionmaker(bind=async_engine, expire_on_commit=False)

# Used by tests/conftest.py to create and empty the schema.
sync_engine = create_engine(SYNC_DATABASE_URL)
ReportSession = sessionmaker(bind=sync_engine)


async def get_db():
    async with async_session() as session:
        yield session
