import asyncio
import logging

from .journal import JournalHandler
from .storage.sqlite_backend import SqliteStore

log = logging.getLogger("relay")


async def serve():
    log.addHandler(JournalHandler(SqliteStore("relay.db")))
    for n in range(500):
        log.info("forwarded request %d", n)
        await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(serve())
