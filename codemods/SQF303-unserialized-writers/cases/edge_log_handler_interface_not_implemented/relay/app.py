import asyncio
import logging
import threading

from .forward import LoopForwarder
from .sink_sqlite import SqliteSink, prepare

log = logging.getLogger("jobs")


def crunch(n):
    for i in range(n):
        log.warning("item %d", i)


async def main():
    prepare()
    log.addHandler(LoopForwarder(SqliteSink(), asyncio.get_running_loop()))
    threads = [threading.Thread(target=crunch, args=(200,)) for _ in range(4)]
    for t in threads:
        t.start()
    await asyncio.to_thread(lambda: [t.join() for t in threads])


if __name__ == "__main__":
    asyncio.run(main())
