"""The status API once the state file is in WAL (set once where the runner
creates it, and stored in the file): requests only read under their catch-all.
A reader never waits for the writer in WAL, so no lock error hides behind the
`None` here."""

import aiosqlite
from fastapi import FastAPI

STATE_DB = "state.db"
app = FastAPI()


@app.get("/jobs/{job_id}")
async def get_job(job_id: int):
    try:
        async with aiosqlite.connect(STATE_DB) as db:
            cur = await db.execute("SELECT id, status FROM jobs WHERE id = ?", (job_id,))
            job = await cur.fetchone()
    except Exception:
        return None
    return {"job": job}
