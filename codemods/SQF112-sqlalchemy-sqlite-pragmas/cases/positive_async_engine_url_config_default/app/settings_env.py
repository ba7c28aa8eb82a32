"""A second store: the URL is a pydantic-style field whose default reads the
environment, falling back to a SQLite file."""
import os

from sqlalchemy.ext.asyncio import create_async_engine


class AuditSettings:
    database_url: str = os.getenv("AUDIT_DB_URL", "sqlite+aiosqlite:///./audit.db")


settings = AuditSettings()
audit_engine = create_async_engine(settings.database_url)
