"""The async face of the service: two methods call it on the loop, one offloads."""
import asyncio
from functools import partial

from .service import SettingsService
from .uow import UnitOfWork


class AsyncSettings:
    def __init__(self, path: str) -> None:
        self._path = path
        self._service = SettingsService(partial(UnitOfWork, path))

    async def get_value(self, key):
        return self._service.get_value(key)

    async def set_value(self, key, value):
        self._service.set_value(key, value)

    async def set_value_offloaded(self, key, value):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._service.set_value, key, value)

    async def get_value_offloaded(self, key):
        return await asyncio.to_thread(self._service.get_value, key)


class LateSettings:
    """The service is built by an async start-up method, not by __init__."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._service = None

    async def start(self) -> None:
        self._service = SettingsService(lambda: UnitOfWork(self._path))

    async def get_value(self, key):
        return self._service.get_value(key)
