"""The queue worker's catch-all does not let a build vanish: a failed build is
marked in the queue's own store, retried a few times, and a build that still
fails is raised to the supervisor that restarts the worker."""

import asyncio
import json
import logging

from .pipeline import Pipeline
from .history import BuildLog

logger = logging.getLogger(__name__)


class BuildWorker:
    def __init__(self, failures_path="failed_builds.jsonl"):
        self.pending: asyncio.Queue = asyncio.Queue()
        self.pipeline = Pipeline(BuildLog())
        self.failures_path = failures_path

    async def _run_one(self, build):
        await self.pipeline.execute(build)

    def _mark_failed(self, build, error):
        with open(self.failures_path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"id": build.get("id"), "error": str(error)}) + "\n")

    async def serve(self):
        while True:
            build = await self.pending.get()
            try:
                await self._run_one(build)
            except Exception as e:
                self._mark_failed(build, e)
                if build.setdefault("attempts", 0) < 3:
                    build["attempts"] += 1
                    await self.pending.put(build)
            finally:
                self.pending.task_done()

    async def serve_strict(self):
        while True:
            build = await self.pending.get()
            try:
                await self._run_one(build)
            except Exception:
                logger.warning("build %s failed", build.get("id"))
                raise


async def main(workers=3):
    worker = BuildWorker()
    await asyncio.gather(*(worker.serve() for _ in range(workers)))


if __name__ == "__main__":
    asyncio.run(main())
