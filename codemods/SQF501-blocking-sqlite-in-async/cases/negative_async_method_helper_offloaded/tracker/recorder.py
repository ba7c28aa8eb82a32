"""The same recorder with the sync helper run on a worker thread: the loop
waits for the thread, not for the database lock."""

import asyncio

from .store import EventStore


class Recorder:
    def __init__(self, path):
        self._lock = asyncio.Lock()
        self.path = path
        self._store = None

    @property
    def store(self):
        if self._store is None:
            self._store = EventStore(self.path)
        return self._store

    def _record(self, kind, payload):
        self.store.append(kind, payload.strip())

    async def write(self, kind, payload):
        async with self._lock:
            await asyncio.to_thread(self._record, kind, payload)
