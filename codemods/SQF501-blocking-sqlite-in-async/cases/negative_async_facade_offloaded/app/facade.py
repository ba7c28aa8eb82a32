"""Every method that reaches the unit of work runs it in a worker thread; the
one on the loop only reads what the service cached in memory."""
import asyncio

from .service import SettingsService
from .uow import UnitOfWork


class CachedSettings:
    def __init__(self) -> None:
        self.values = {}

    def get_cached(self, key):
        return self.values.get(key)


class AsyncSettings:
    def __init__(self, path: str) -> None:
        self._service = SettingsService(lambda: UnitOfWork(path))
        self._cache = CachedSettings()

    async def get_value(self, key):
        return await asyncio.to_thread(self._service.get_value, key)

    async def set_value(self, key, value):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._service.set_value, key, value)

    async def cached(self, key):
        return self._cache.get_cached(key)
