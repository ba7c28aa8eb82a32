"""Records from worker threads are handed to the loop, one coroutine per record."""

import asyncio
import logging

from .contracts.events import EventSink


class LoopForwarder(logging.Handler):
    def __init__(self, sink: EventSink, loop: asyncio.AbstractEventLoop):
        super().__init__()
        self.sink = sink
        self.loop = loop

    def emit(self, record):
        asyncio.run_coroutine_threadsafe(
            self.sink.record(record.levelname, record.getMessage()), self.loop
        )
