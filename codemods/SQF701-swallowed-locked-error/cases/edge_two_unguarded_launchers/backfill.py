"""A second launcher with no `__main__` guard, started by hand beside the poller:
its own process with its own connection to feeds.db."""
import asyncio

import store


async def main():
    store.import_all(["news", "weather"], lambda name: name.upper())

asyncio.run(main())
