"""One launcher with no `__main__` guard: polls feeds forever."""
import asyncio

import store


async def main():
    while True:
        store.save("news", "...")
        await asyncio.sleep(60)

asyncio.run(main())
