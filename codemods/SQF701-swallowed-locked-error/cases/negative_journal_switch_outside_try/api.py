"""The status API with the journal switch out of the catch-all, or a handler
that says what failed: a lock error on the switch reaches the caller (a 500),
or the log with its traceback, instead of reading as "no rows"."""

import logging

import aiosqlite
from fastapi import FastAPI

STATE_DB = "state.db"
app = FastAPI()
log = logging.getLogger(__name__)


@app.get("/jobs/{job_id}")
async def get_job(job_id: int):
    async with aiosqlite.connect(STATE_DB) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        try:
            cur = await db.execute("SELECT id, status FROM jobs WHERE id = ?", (job_id,))
            job = await cur.fetchone()
        except Exception:
            return None
    return {"job": job}


@app.get("/jobs/{job_id}/steps")
async def get_steps(job_id: int):
    try:
        async with aiosqlite.connect(STATE_DB) as db:
            await db.execute("PRAGMA journal_mode=WAL")
            cur = await db.execute("SELECT name FROM steps WHERE job_id = ?", (job_id,))
            return await cur.fetchall()
    except Exception:
        log.exception("reading steps of job %s", job_id)
        raise


@app.get("/jobs/{job_id}/status")
async def get_status(job_id: int):
    try:
        async with aiosqlite.connect(STATE_DB) as db:
            await db.execute("PRAGMA journal_mode=WAL")
            cur = await db.execute("SELECT status FROM jobs WHERE id = ?", (job_id,))
            return await cur.fetchone()
    except Exception:
        log.exception("reading status of job %s", job_id)
        return None
