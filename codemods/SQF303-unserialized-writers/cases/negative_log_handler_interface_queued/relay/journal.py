import asyncio
import logging

from .contracts.store import Store


class JournalHandler(logging.Handler):
    def __init__(self, backend: Store):
        super().__init__()
        self.backend = backend

    def emit(self, record):
        asyncio.get_running_loop().create_task(
            self.backend.add_event(record.created, self.format(record))
        )
