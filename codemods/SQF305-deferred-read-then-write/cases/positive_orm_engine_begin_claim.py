"""An ingest queue on an async engine, claimed by several worker processes:
select the oldest queued job, then mark it running, in one engine.begin()."""
import asyncio
import multiprocessing

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("sqlite+aiosqlite:///queue.db")


async def claim_next():
    async with engine.begin() as conn:
        # The pool has one connection, so this is atomic (in one process only).
        row = (
            await conn.execute(
                text("SELECT id FROM jobs WHERE state = 'queued' ORDER BY created LIMIT 1")
            )
        ).first()
        if row is None:
            return None
        await conn.execute(
            text("UPDATE jobs SET state = 'running' WHERE id = :id"), {"id": row.id}
        )
        return row.id


async def work():
    while True:
        job = await claim_next()
        if job is None:
            await asyncio.sleep(1)


def main(workers=4):
    procs = [multiprocessing.Process(target=lambda: asyncio.run(work())) for _ in range(workers)]
    for p in procs:
        p.start()
