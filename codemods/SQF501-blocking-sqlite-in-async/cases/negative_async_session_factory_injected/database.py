"""The service's one SQLite file behind two engines: a sync one for start-up
migrations and an aiosqlite one for requests, whose session factory is an
`async_sessionmaker(..., class_=AsyncSession)`. Nothing here is used on the
loop directly: repositories are handed `Database.session_factory`."""
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine


class Database:
    def __init__(self, path):
        self.sync_engine = create_engine(f"sqlite:///{path}")
        self.async_engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        self.session_factory = async_sessionmaker(
            self.async_engine, class_=AsyncSession, expire_on_commit=False
        )
