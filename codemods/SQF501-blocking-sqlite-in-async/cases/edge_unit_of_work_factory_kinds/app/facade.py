"""The service's factory is the class itself (reported), or callers pass
factories of different classes (one on SQLite, one in memory): the model cannot
say which unit of work runs, so nothing is reported for that service."""
from typing import Callable

from .memory import MemoryUnitOfWork
from .service import SettingsService
from .uow import UnitOfWork


class ClassFactory:
    def __init__(self) -> None:
        self._service = SettingsService(UnitOfWork)

    async def get_value(self, key):
        return self._service.get_value(key)


class TypedFactory:
    def __init__(self, make: Callable[[], UnitOfWork]) -> None:
        self._make = make

    async def get_value(self, key):
        with self._make() as uow:
            return uow.fetch(key)


class EitherStore:
    def __init__(self, kind: str, path: str) -> None:
        self._service = TwoFactories.build(kind, path)

    async def get_value(self, key):
        return self._service.get_value(key)


class TwoFactories:
    @staticmethod
    def build(kind, path):
        if kind == "memory":
            return OtherService(MemoryUnitOfWork)
        return OtherService(lambda: UnitOfWork(path))


class OtherService:
    def __init__(self, uow_factory) -> None:
        self._uow_factory = uow_factory

    def get_value(self, key):
        with self._uow_factory() as uow:
            return uow.fetch(key)
