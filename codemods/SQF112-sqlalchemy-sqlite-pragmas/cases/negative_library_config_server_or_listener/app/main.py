"""Two plugin configs: one on a server database, one on SQLite whose
connections a class-level listener configures."""
from advanced_alchemy.extensions.litestar import (
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
    SQLAlchemySyncConfig,
)
from litestar import Litestar, post
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

reports = SQLAlchemySyncConfig(connection_string="postgresql+psycopg://app@db/reports")
cache = SQLAlchemyAsyncConfig(connection_string="sqlite+aiosqlite:///cache.db")


@event.listens_for(Engine, "connect")
def _pragmas(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@post("/hit")
async def hit(db_session: AsyncSession) -> None:
    await db_session.commit()


app = Litestar(
    route_handlers=[hit],
    plugins=[SQLAlchemyPlugin(config=[reports, cache])],
)
