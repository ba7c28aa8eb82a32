import asyncio
import logging

from .backend import QueuedSqliteStore
from .journal import JournalHandler

log = logging.getLogger("relay")


async def serve():
    backend = QueuedSqliteStore("relay.db")
    drainer = asyncio.create_task(backend.drain())
    log.addHandler(JournalHandler(backend))
    for n in range(500):
        log.info("forwarded request %d", n)
        await asyncio.sleep(0)
    drainer.cancel()


if __name__ == "__main__":
    asyncio.run(serve())
