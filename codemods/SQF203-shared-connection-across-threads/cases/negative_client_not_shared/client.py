"""The client keeps the cache, but its docstring says an instance must not be
shared across threads (one client per thread): no second thread reaches the
cache's connection."""
from __future__ import annotations

from cache import ResponseCache


class Client:
    """An API client. It must not be shared across threads: make one per thread."""

    def __init__(self, cache: ResponseCache | None = None) -> None:
        self.cache = cache

    def fetch(self, key: str) -> str | None:
        return self.cache.get(key) if self.cache else None
