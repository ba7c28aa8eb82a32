"""A job manager on one event loop (run by jobs/__main__.py). Every database
operation runs on the loop through a store function that opens its own
connection and closes it at once; the app starts no thread. The repository's
release script (scripts/release.py) runs worker threads, but in a process of
its own and on its own cache database: it never opens jobs.db, so it is no
second party of these calls. SQF501 does not report them; SQF505 (off by
default) does."""
from fastapi import FastAPI

from . import store

app = FastAPI()


@app.post("/jobs")
async def submit(path: str):
    job_id = store.create_job(path)
    return {"id": job_id}


@app.get("/jobs/{job_id}")
async def status(job_id: int):
    return {"state": store.job_state(job_id)}


@app.post("/jobs/{job_id}/done")
async def done(job_id: int, path: str):
    store.set_state(job_id, "done")
    return {"ok": True}

