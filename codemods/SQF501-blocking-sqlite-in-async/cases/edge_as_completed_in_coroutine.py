"""A coroutine submits sqlite3 work and waits with `as_completed`: reported, but
with no automatic fix, since `as_completed` itself blocks the loop; the plain
`future.result()` gets the `asyncio.wrap_future` fix."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor, as_completed

POOL = ThreadPoolExecutor(max_workers=4)


def archive(day):
    conn = sqlite3.connect("events.db")
    with conn:
        conn.execute("DELETE FROM events WHERE day = ?", (day,))
    conn.close()


async def archive_days(days):
    futures = [POOL.submit(archive, day) for day in days]
    for done in as_completed(futures):
        done.result()


async def archive_one(day):
    future = POOL.submit(archive, day)
    return future.result()
