"""Coroutines that call a parameter inline are fine when nothing passed for it
touches the database (formatting, logging, in-memory callbacks), when the
callable is itself a coroutine function whose result is awaited, or when the
callable is run by `asyncio.to_thread`."""

import asyncio
import sqlite3

DB = "app.db"


def _load(key):
    conn = sqlite3.connect(DB)
    try:
        return conn.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
    finally:
        conn.close()


async def _load_async(key):
    return await asyncio.to_thread(_load, key)


async def emit(render, value):
    return render(value)


async def with_retry(operation):
    for _ in range(3):
        try:
            return await operation()
        except sqlite3.OperationalError:
            await asyncio.sleep(0.1)


async def offloaded(operation, *args):
    return await asyncio.to_thread(operation, *args)


async def handler(key):
    text = await emit(str.upper, key)
    await emit(lambda v: v * 2, 3)
    row = await with_retry(lambda: _load_async(key))
    other = await offloaded(_load, key)
    return text, row, other
