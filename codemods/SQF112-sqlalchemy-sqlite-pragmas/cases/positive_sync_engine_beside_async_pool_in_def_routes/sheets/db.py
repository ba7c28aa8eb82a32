"""The async engine serves the async routes; the sync engine serves the
plain `def` routes, which FastAPI runs on its thread pool."""
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

from .config import settings

async_engine = create_async_engine(settings.async_url)
AsyncSessionLocal = async_sessionmaker(async_engine)

engine = create_engine(settings.sync_url)
SessionLocal = sessionmaker(engine)
