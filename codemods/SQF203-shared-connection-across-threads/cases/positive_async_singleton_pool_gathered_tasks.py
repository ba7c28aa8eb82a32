"""A sync job fans its feeds out with gather; every task's session comes from a
per-thread pool, and all tasks live on the loop's one thread, so they share one
connection and one transaction."""
import asyncio

from sqlalchemy import pool, text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

DB_URL = "sqlite+aiosqlite:///feeds.db"
engine = create_async_engine(DB_URL, poolclass=pool.SingletonThreadPool)
make_session = async_sessionmaker(engine)


async def refresh(feed_id):
    async with make_session() as session:
        await session.execute(text("DELETE FROM items WHERE feed = :f"), {"f": feed_id})
        await asyncio.sleep(0.1)
        await session.execute(text("INSERT INTO items (feed) VALUES (:f)"), {"f": feed_id})
        await session.commit()


async def main():
    await asyncio.gather(*(refresh(i) for i in range(8)))


if __name__ == "__main__":
    asyncio.run(main())
