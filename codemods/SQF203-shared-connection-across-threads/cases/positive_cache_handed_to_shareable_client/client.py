"""An API client in another module, documented as shareable across threads, that
keeps the cache its caller hands in (typed by the annotation). A caller sharing
one client between pool threads reaches the cache's connection from each of
them: every call off the building thread raises ProgrammingError."""
from __future__ import annotations

from cache import ResponseCache


class Client:
    """An API client.

    A single client can be shared
    across threads; cap your own concurrency.
    """

    def __init__(self, token: str, cache: ResponseCache | None = None) -> None:
        self.token = token
        self.cache = cache

    def fetch(self, key: str) -> str:
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            return hit
        body = "body of " + key
        if self.cache is not None:
            self.cache.put(key, body)
        return body
