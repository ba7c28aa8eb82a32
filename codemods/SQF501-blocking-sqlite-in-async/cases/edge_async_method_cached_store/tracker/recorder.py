"""The store is a `functools.cached_property`, and the helper goes through a
second method of the class before the store's write: the finding is on the
helper's call in `write`, the first step of the chain on the loop. `size()`
reads a count the recorder keeps in memory and is no database call."""

import asyncio
import functools

from .store import EventStore


class Recorder:
    def __init__(self, path):
        self._lock = asyncio.Lock()
        self.path = path
        self.count = 0

    @functools.cached_property
    def store(self):
        return EventStore(self.path)

    def _save(self, kind, text):
        self.store.append(kind, text)
        self.count += 1

    def _record(self, kind, payload):
        self._save(kind, payload.strip())

    def size(self):
        return self.count

    async def write(self, kind, payload):
        async with self._lock:
            self._record(kind, payload)
        return self.size()
