from typing import Annotated, AsyncIterator, Iterator

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from .db import AsyncSessionLocal, SessionLocal


def get_db_session() -> Iterator[Session]:
    with SessionLocal() as session:
        yield session


async def get_async_session() -> AsyncIterator[AsyncSession]:
    async with AsyncSessionLocal() as session:
        yield session


DbSession = Annotated[Session, Depends(get_db_session)]
AsyncDbSession = Annotated[AsyncSession, Depends(get_async_session)]
