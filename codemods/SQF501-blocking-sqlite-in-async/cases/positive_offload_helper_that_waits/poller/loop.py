"""The poller's coroutine "offloads" each query through the pool helpers, and
still blocks the event loop while the worker waits on the database lock."""
import asyncio

from .pool import run_first, run_in_pool, run_waiting
from .store import fetch_due, mark_polled, store


async def poll_forever(client):
    while True:
        for feed_id, url in run_in_pool(fetch_due, 50):
            await client.get(url)
            run_first(mark_polled, feed_id)
            run_waiting(store.touch, feed_id)
        await asyncio.sleep(300)
