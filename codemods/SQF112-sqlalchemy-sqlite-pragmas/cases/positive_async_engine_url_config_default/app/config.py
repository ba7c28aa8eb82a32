"""Settings with a SQLite default: a checkout runs on a local file."""
from dataclasses import dataclass


@dataclass
class StoreConfig:
    url: str = "sqlite+aiosqlite:///./events.db"
    pool_size: int = 5
