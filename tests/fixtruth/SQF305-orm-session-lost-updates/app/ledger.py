from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine


def make_engine(path):
    return create_async_engine(f"sqlite+aiosqlite:///{path}", connect_args={"timeout": 30})


async def init(engine):
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE IF NOT EXISTS pages (doc TEXT PRIMARY KEY, done INTEGER)"))
        await conn.execute(text("INSERT OR REPLACE INTO pages (doc, done) VALUES ('report.pdf', 0)"))


async def mark_page_done(engine, doc, between=None):
    """Load the progress, then store it plus one: a read-then-write transaction."""
    async with AsyncSession(engine) as session:
        result = await session.execute(text("SELECT done FROM pages WHERE doc = :doc"), {"doc": doc})
        done = result.scalar_one()
        if between is not None:
            await between()
        await session.execute(text("UPDATE pages SET done = :done WHERE doc = :doc"), {"done": done + 1, "doc": doc})
        await session.commit()


async def progress(engine, doc):
    async with AsyncSession(engine) as session:
        result = await session.execute(text("SELECT done FROM pages WHERE doc = :doc"), {"doc": doc})
        return result.scalar_one()
