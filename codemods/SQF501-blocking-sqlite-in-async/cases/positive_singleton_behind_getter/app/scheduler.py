"""Async job runners reaching the store through getters: nothing here names a database."""
from .storage import cached_store, lazy_store, store


class Runner:
    async def poll(self, job_id: str):
        return store().get_job(job_id)

    async def finish(self, job_id: str) -> None:
        lazy_store().set_state(job_id, "done")


async def on_message(job_id: str):
    row = cached_store().get_job(job_id)
    return row[0] if row else None
