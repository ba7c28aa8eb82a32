"""The same store handed out by a property: every read of `ctx.results` is a
new store, so each plugin task that records through it opens a connection."""
import asyncio

from store import Store


class PluginContext:
    def __init__(self, path):
        self.path = path

    @property
    def results(self):
        return Store(self.path)


async def run_plugin(ctx, name):
    await asyncio.to_thread(ctx.results.record, name, 1)


async def run_all(ctx, names):
    await asyncio.gather(*(run_plugin(ctx, n) for n in names))


if __name__ == "__main__":
    asyncio.run(run_all(PluginContext("plugins.db"), ["x", "y"]))
