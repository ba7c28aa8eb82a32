"""Connections opened off the loop and kept, done right: one coroutine runs the
whole unit of work (open, queries, close) in one worker call; another keeps its
connection on a dedicated one-worker executor, so every call runs on the
thread that opened it."""
import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor

_db_thread = ThreadPoolExecutor(max_workers=1)


def open_db(path):
    return sqlite3.connect(path, timeout=5)


def drain(path):
    conn = open_db(path)
    try:
        with conn:
            conn.execute("DELETE FROM items WHERE done = 1")
    finally:
        conn.close()


async def cleanup(path):
    await asyncio.to_thread(drain, path)


async def poll(path):
    loop = asyncio.get_running_loop()
    conn = await loop.run_in_executor(_db_thread, open_db, path)
    try:
        while True:
            row = await loop.run_in_executor(_db_thread, fetch_next, conn)
            if row is None:
                await asyncio.sleep(1)
    finally:
        await loop.run_in_executor(_db_thread, conn.close)


def fetch_next(conn):
    return conn.execute("SELECT id FROM items WHERE done = 0 LIMIT 1").fetchone()


if __name__ == "__main__":
    asyncio.run(poll("queue.db"))
