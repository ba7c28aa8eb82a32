"""The URL comes from a settings object whose default is a SQLite file: likely
SQLite (a deployment may set another URL), so the fix is for review. A sync
config built inside a function is reported without an edit."""
from advanced_alchemy.extensions.litestar import (
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
    SQLAlchemySyncConfig,
)
from litestar import Litestar, post
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import settings

alchemy = SQLAlchemyAsyncConfig(connection_string=settings.database_url)


def audit_config(path):
    return SQLAlchemySyncConfig(connection_string=f"sqlite:///{path}")


@post("/events")
async def record(db_session: AsyncSession) -> None:
    await db_session.commit()


app = Litestar(route_handlers=[record], plugins=[SQLAlchemyPlugin(config=alchemy)])
