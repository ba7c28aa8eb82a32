"""An async recorder: callers await `write()`. The asyncio lock keeps one record
at a time in this process, but the store's write runs on the loop's thread, and
another process of the tool holding the file's write lock stalls the loop for
up to the store's busy timeout. The store is built on first use, by a property."""

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
        text = payload.strip()
        self.store.append(kind, text)

    async def write(self, kind, payload):
        async with self._lock:
            self._record(kind, payload)
