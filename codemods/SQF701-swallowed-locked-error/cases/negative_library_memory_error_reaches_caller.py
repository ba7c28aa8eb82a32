"""The same pipeline, but the memory library's errors reach the caller: one
wrapper logs with the traceback and re-raises, the other retries a lock
error with a backoff and raises when out of attempts. Nothing is swallowed."""

import asyncio
import logging
import multiprocessing
import sqlite3

from agentmem import AsyncMemory

log = logging.getLogger(__name__)

memory = AsyncMemory(history_db_path="data/history.db")


async def remember(user_id, text):
    try:
        await memory.add(text, user_id=user_id)
    except Exception:
        log.error("memory add failed for %s", user_id)
        raise


async def remember_patiently(user_id, text):
    for attempt in range(5):
        try:
            await memory.add(text, user_id=user_id)
            return True
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or attempt == 4:
                raise
            await asyncio.sleep(0.05 * 2**attempt)


def work(job):
    asyncio.run(remember(job["user"], job["text"]))
    asyncio.run(remember_patiently(job["user"], job["text"]))


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(work, [{"user": "u", "text": "t"}])
