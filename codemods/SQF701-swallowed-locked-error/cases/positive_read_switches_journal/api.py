"""A status API over the job runner's state file. Each request opens the file
with aiosqlite and asks for WAL before reading; while the file is still in its
rollback journal and the runner (another process) is writing, the switch needs
an exclusive lock and fails with "database is locked" after the 5 s wait. The
catch-all turns that into `None`: the route answers "no such job" for a job
that exists."""

import aiosqlite
from fastapi import FastAPI

STATE_DB = "state.db"
app = FastAPI()


@app.get("/jobs/{job_id}")
async def get_job(job_id: int):
    try:
        async with aiosqlite.connect(STATE_DB) as db:
            await db.execute("PRAGMA journal_mode=WAL")
            cur = await db.execute("SELECT id, status FROM jobs WHERE id = ?", (job_id,))
            job = await cur.fetchone()
            cur = await db.execute("SELECT name FROM steps WHERE job_id = ?", (job_id,))
            steps = await cur.fetchall()
    except Exception:
        return None
    return {"job": job, "steps": steps}
