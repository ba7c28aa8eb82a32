"""The queue worker: each build runs under a catch-all that writes one log
line and moves on to the next build."""

import asyncio
import logging

from .history import BuildLog
from .pipeline import Pipeline

logger = logging.getLogger(__name__)


class BuildWorker:
    def __init__(self):
        self.pending: asyncio.Queue = asyncio.Queue()
        self.pipeline = Pipeline(BuildLog())

    async def _run_one(self, build):
        await self.pipeline.execute(build)

    async def serve(self):
        while True:
            build = await self.pending.get()
            try:
                await self._run_one(build)
            except Exception as e:
                logger.warning("build %s dropped: %s", build.get("id"), e)
            finally:
                self.pending.task_done()


async def main(workers=3):
    worker = BuildWorker()
    await asyncio.gather(*(worker.serve() for _ in range(workers)))


if __name__ == "__main__":
    asyncio.run(main())
