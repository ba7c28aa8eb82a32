"""The environment decides, with no default at all: unknown, not reported."""
import os

from sqlalchemy.ext.asyncio import create_async_engine


class AuditSettings:
    database_url: str = os.environ["AUDIT_DB_URL"]


settings = AuditSettings()
audit_engine = create_async_engine(settings.database_url)
