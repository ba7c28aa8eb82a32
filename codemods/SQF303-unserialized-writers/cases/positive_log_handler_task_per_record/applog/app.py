import asyncio
import logging

from .handler import DatabaseLogHandler

log = logging.getLogger("app")


async def main():
    log.addHandler(DatabaseLogHandler(asyncio.get_running_loop()))
    for i in range(1000):
        log.info("step %d", i)
        await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(main())
