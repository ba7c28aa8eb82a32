"""What the relay needs from a database, as an abstract interface. Callers are
typed by it; which backend writes is chosen at start-up."""

from abc import ABCMeta, abstractmethod


class Store(metaclass=ABCMeta):
    @abstractmethod
    async def add_event(self, at: float, text: str) -> None:
        """Keep one line of the relay's journal."""

    @abstractmethod
    async def recent_events(self, limit: int) -> list:
        """The newest journal lines."""
