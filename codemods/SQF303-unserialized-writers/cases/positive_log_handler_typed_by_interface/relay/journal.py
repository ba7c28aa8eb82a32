"""Sends every log line of the relay to the store. The handler only knows the
interface; `emit` runs once per record and schedules one write for each."""

import asyncio
import logging

from .contracts import store


class JournalHandler(logging.Handler):
    backend: store.Store

    def __init__(self, backend: store.Store):
        super().__init__()
        self.backend = backend

    def emit(self, record):
        asyncio.get_running_loop().create_task(
            self.backend.add_event(record.created, self.format(record))
        )
