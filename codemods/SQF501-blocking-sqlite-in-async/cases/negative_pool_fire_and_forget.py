"""Helpers that hand sqlite3 work to a pool and do not wait for it (the
caller goes on at once, the worker writes on its own), or that wait for pool
work that does no database I/O: nothing blocks the loop on the database.
Coroutines awaiting the future properly are fine too."""
import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor(max_workers=2)
DB = "events.db"


def _record(kind):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("INSERT INTO events (kind) VALUES (?)", (kind,))
    conn.close()


def _checksum(payload):
    return sum(payload) % 251


def record(kind):
    POOL.submit(_record, kind)


def checksum(payload):
    return POOL.submit(_checksum, payload).result()


async def on_event(kind, payload):
    record(kind)
    await asyncio.wrap_future(POOL.submit(_record, kind))
    return checksum(payload)
