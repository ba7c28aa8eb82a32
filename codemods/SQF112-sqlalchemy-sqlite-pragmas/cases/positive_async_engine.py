"""Async SQLAlchemy with aiosqlite; a connect listener that only enables foreign keys."""
from sqlalchemy import event
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

DATABASE_URL = "sqlite+aiosqlite:///./pipeline.db"

engine = create_async_engine(
    DATABASE_URL,
    connect_args={"check_same_thread": False},
)
async_session = async_sessionmaker(engine, expire_on_commit=False)

jobs_engine = create_async_engine("sqlite+aiosqlite:///./jobs.db", connect_args={"timeout": 10})


@event.listens_for(jobs_engine.sync_engine, "connect")
def enable_foreign_keys(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
