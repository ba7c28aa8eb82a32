"""An ingestion pipeline run by a pool of worker processes. Each turn stores
what it learned through a memory library whose config names a SQLite file
(`history_db_path`), and marks the job done in the pipeline's own database.
Both wrappers turn every error into `return False`: a "database is locked"
from another process's writer becomes an unexplained failure, with no retry
and nothing in the log that says the database was busy. Reported around the
library's write only: around the project's own write, a handler returning a
failure value is left alone (the wait gate cannot yet judge each connection's
own busy wait, and that widening reported dozens of writes whose connections
all wait 30 s)."""

import asyncio
import logging
import multiprocessing
import sqlite3

from agentmem import AsyncMemory

log = logging.getLogger(__name__)

MEMORY_CONFIG = {
    "history_db_path": "data/history.db",
    "embedder": {"provider": "local"},
}
memory = AsyncMemory.from_config(MEMORY_CONFIG)
conn = sqlite3.connect("data/pipeline.db")


async def remember(user_id, text):
    try:
        await memory.add(text, user_id=user_id)
        return True
    except Exception as e:
        log.error("memory add failed for %s: %s", user_id, e)
        return False


def mark_done(job_id):
    try:
        conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
        conn.commit()
    except sqlite3.OperationalError as e:
        log.warning("could not mark job %s: %s", job_id, e)
        return False
    return True


async def handle(job):
    if await remember(job["user"], job["text"]):
        mark_done(job["id"])


def work(job):
    asyncio.run(handle(job))


if __name__ == "__main__":
    jobs = [{"id": i, "user": "u", "text": str(i)} for i in range(10)]
    with multiprocessing.Pool(4) as pool:
        pool.map(work, jobs)
