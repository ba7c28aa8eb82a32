from sqlalchemy.ext.asyncio import create_async_engine

from settings import DATABASE_FILE

engine = create_async_engine(f"sqlite+aiosqlite:///{DATABASE_FILE}")
