"""The async engine serves requests; the sync engine only backs the
seed command, which runs before the server starts."""
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

from .config import settings

async_engine = create_async_engine(settings.async_url)
AsyncSessionLocal = async_sessionmaker(async_engine)

engine = create_engine(settings.sync_url)
SessionLocal = sessionmaker(engine)
