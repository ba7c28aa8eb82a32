"""The store is reached from threads, or the getter returns something that is no database."""
import asyncio

from .storage import cached_store, clock, store


class Runner:
    async def poll(self, job_id: str):
        return await asyncio.to_thread(store().get_job, job_id)

    async def finish(self, job_id: str) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, cached_store().set_state, job_id, "done")

    async def tick(self) -> float:
        return clock().now()


def sync_poll(job_id: str):
    return store().get_job(job_id)
