"""One build. Its own error handling records a failed build and tells the
author, but it starts only after the history row is written: a lock error on
that first write leaves this function before any of it runs."""

import asyncio

from .history import BuildLog


async def tell_author(build, text):
    print(f"build {build['id']}: {text}")


class Pipeline:
    def __init__(self, log: BuildLog):
        self.log = log

    async def execute(self, build):
        run_id = await self.log.begin(build["id"], build["target"])
        try:
            proc = await asyncio.create_subprocess_exec("make", build["target"])
            code = await proc.wait()
        except Exception as e:
            await self.log.end(run_id, "error", str(e))
            await tell_author(build, "could not start")
            return
        await self.log.end(run_id, "ok" if code == 0 else "failed")
        await tell_author(build, f"finished with {code}")
