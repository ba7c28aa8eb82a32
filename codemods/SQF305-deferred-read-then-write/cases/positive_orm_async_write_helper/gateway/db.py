"""The gateway's database: WAL and a busy timeout on every connection, a
read helper and a write helper."""
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .settings import settings


class ServiceUnavailable(Exception):
    pass


class Database:
    def __init__(self):
        self.engine = create_async_engine(settings.database_url)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

        @event.listens_for(self.engine.sync_engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    @asynccontextmanager
    async def read_session(self):
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def write_transaction(self):
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except OperationalError as exc:
                await session.rollback()
                raise ServiceUnavailable() from exc


db = Database()
