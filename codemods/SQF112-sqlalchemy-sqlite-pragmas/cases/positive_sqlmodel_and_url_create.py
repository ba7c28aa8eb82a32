"""SQLModel's create_engine is SQLAlchemy's; URL.create names the driver."""
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import create_engine

engine = create_engine("sqlite:///database.db")

async_engine = create_async_engine(
    URL.create(drivername="sqlite+aiosqlite", database="data/app.db")
)
