"""The token stores; the app is deployed on Redis. The SQLite one is kept
for local runs but nothing builds it: re-exported here, used nowhere."""
from .redis_store import RedisTokenStore
from .sqlite_store import SQLiteTokenStore

__all__ = ["RedisTokenStore", "SQLiteTokenStore"]
