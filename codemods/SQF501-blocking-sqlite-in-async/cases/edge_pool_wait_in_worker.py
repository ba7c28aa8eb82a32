"""Waiting for pool work is blocking only where the caller's thread matters:
the same waiting helper run from a worker thread (`asyncio.to_thread`) keeps
the loop free, and only the coroutine that calls it directly is reported. A
name that shadows the module function (a parameter `job`) is the caller's
callable, not the module's `job`."""
import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor(max_workers=2)


def job(path):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM sessions WHERE expired = 1")
    conn.close()


def purge(path):
    POOL.submit(job, path).result()


def run_given(job, path):
    return POOL.submit(job, path).result()


async def nightly(path):
    await asyncio.to_thread(purge, path)


async def on_request(path):
    purge(path)
    run_given(len, path)
