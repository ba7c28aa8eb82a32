"""Settings whose default is a PostgreSQL server: the engine is not SQLite."""
from dataclasses import dataclass


@dataclass
class StoreConfig:
    url: str = "postgresql+asyncpg://events@localhost/events"
    pool_size: int = 5
