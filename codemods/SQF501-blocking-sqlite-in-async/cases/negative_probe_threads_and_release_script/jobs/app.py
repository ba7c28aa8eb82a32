"""A job manager on one event loop. Every database operation runs on the loop
through a store function that opens its own connection and closes it at once.
Worker threads run only file probes and library callables handed to
`asyncio.to_thread` or an executor; none of them opens the database. The
repository's release script (scripts/release.py) starts processes that never
open it either. Nothing can hold the database's lock while a call runs: no
second party, so SQF501 does not report these calls (SQF505 does, off by
default)."""
import asyncio
import os
import shutil

from fastapi import FastAPI

from . import probe, store

app = FastAPI()


@app.post("/jobs")
async def submit(path: str):
    ffmpeg = await asyncio.to_thread(shutil.which, "ffmpeg")
    size = await asyncio.to_thread(os.path.getsize, path)
    loop = asyncio.get_running_loop()
    digest = await loop.run_in_executor(None, probe.checksum, path)
    job_id = store.create_job(path)
    return {"id": job_id, "size": size, "digest": digest, "ffmpeg": bool(ffmpeg)}


@app.get("/jobs/{job_id}")
async def status(job_id: int):
    return {"state": store.job_state(job_id)}


@app.post("/jobs/{job_id}/done")
async def done(job_id: int, path: str):
    size = await asyncio.to_thread(probe.media_size, path)
    store.set_state(job_id, "done")
    return {"size": size}

