"""A logging handler that stores every record in the database. `emit` is sync
and runs for each record; it hands the write to the event loop as a new task,
so every log line becomes its own writer."""

import asyncio
import logging

from .storage import save_record


class DatabaseLogHandler(logging.Handler):
    def __init__(self, loop=None):
        super().__init__()
        self.loop = loop

    def emit(self, record):
        loop = self.loop or asyncio.get_event_loop()
        message = self.format(record)
        loop.create_task(save_record(record.levelname, message, record.created))


class ThreadsafeLogHandler(logging.Handler):
    """The same, for records logged on worker threads."""

    def __init__(self, loop):
        super().__init__()
        self.loop = loop

    def emit(self, record):
        asyncio.run_coroutine_threadsafe(
            save_record(record.levelname, record.getMessage(), record.created),
            self.loop,
        )
