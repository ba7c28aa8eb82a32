"""Handing the database work to a thread pool and then calling `.result()` in
the coroutine is no offload: the loop waits, blocked, for as long as the worker
waits on the database lock. Awaiting the future (`asyncio.wrap_future`) keeps
the work in the same pool thread and frees the loop (a safe fix); with a
timeout argument the rewrite is left to the user."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor(max_workers=2)
DB = "jobs.db"


def save_job(job_id, status):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("UPDATE jobs SET status = ? WHERE id = ?", (status, job_id))
    conn.close()


def render(job_id):
    return f"job {job_id}"


async def finish(job_id):
    POOL.submit(save_job, job_id, "done").result()
    return POOL.submit(render, job_id).result()


async def cancel(job_id):
    future = POOL.submit(save_job, job_id, "cancelled")
    future.result(timeout=5)
