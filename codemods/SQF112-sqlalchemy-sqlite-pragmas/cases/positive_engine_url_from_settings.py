"""The engine's URL is a settings attribute; the SQLite evidence is a sibling
condition and a sqlite3-only option. Likely SQLite: reported with that reason,
its fixes for review (a PRAGMA listener on a server database would break it)."""
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import StaticPool

from .config import get_settings


class DB:
    @classmethod
    def set_db(cls):
        settings = get_settings()
        if settings.DB_ENGINE == "sqlite":
            engine_kwargs = dict(
                poolclass=StaticPool,
                connect_args={"check_same_thread": False},
            )
        else:
            engine_kwargs = {}
        cls._engine_async = create_async_engine(settings.DATABASE_URL, future=True)
        cls._engine_sync = create_engine(settings.DATABASE_SYNC_URL, **engine_kwargs)
