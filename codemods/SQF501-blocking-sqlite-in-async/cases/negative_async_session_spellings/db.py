"""Async session factories spelled four ways, beside a sync engine on the same
file that only the admin export uses."""
from asyncio import current_task

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("sqlite+aiosqlite:///./shop.db")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
ScopedSession = async_scoped_session(SessionLocal, scopefunc=current_task)
export_engine = create_engine("sqlite:///./shop.db")
ExportSession = sessionmaker(export_engine)
