"""Sync service: each call is one unit of work. No database text here."""


class SettingsService:
    def __init__(self, uow_factory) -> None:
        self._uow_factory = uow_factory

    def get_value(self, key):
        with self._uow_factory() as uow:
            row = uow.fetch(key)
        return row[0] if row else None

    def set_value(self, key, value):
        with self._uow_factory() as uow:
            uow.store(key, value)
