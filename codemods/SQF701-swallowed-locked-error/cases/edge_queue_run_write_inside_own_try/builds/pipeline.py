"""The history row is written inside the build's own try: a lock error there
is the build's failure, told to the author by its own handler, so the worker's
catch-all never sees it. Nothing is reported at the worker; the build's
handler tells someone, so it is no silent swallow either."""

import asyncio

from .history import BuildLog


async def tell_author(build, text):
    print(f"build {build['id']}: {text}")


class Pipeline:
    def __init__(self, log: BuildLog):
        self.log = log

    async def execute(self, build):
        try:
            run_id = await self.log.begin(build["id"], build["target"])
            proc = await asyncio.create_subprocess_exec("make", build["target"])
            code = await proc.wait()
            await self.log.end(run_id, "ok" if code == 0 else "failed")
        except Exception as e:
            await tell_author(build, f"could not run: {e}")
            return
        await tell_author(build, f"finished with {code}")
