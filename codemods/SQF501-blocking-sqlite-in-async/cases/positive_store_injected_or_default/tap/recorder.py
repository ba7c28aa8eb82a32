"""The recorder takes a store or falls back to the process-wide one; its async
`write` keeps the counters consistent under an asyncio lock and calls the sync
append inline, so a lock held by another process stalls the proxy's loop."""

import asyncio

from .spans import SpanStore, shared_store


class SpanRecorder:
    def __init__(self, trace_id: str, store: SpanStore | None = None):
        self.trace_id = trace_id
        self._guard = asyncio.Lock()
        self._store = store or shared_store()
        self.written = 0

    async def write(self, body: str) -> None:
        async with self._guard:
            self._put(body)

    def _put(self, body):
        self._store.append(self.trace_id, body)
        self.written += 1


class ReplayRecorder:
    """The same fallback written as a conditional expression."""

    def __init__(self, trace_id, store=None):
        self.trace_id = trace_id
        self.store = store if store is not None else SpanStore("spans.db")

    async def replay(self, bodies):
        for body in bodies:
            self.store.append(self.trace_id, body)
