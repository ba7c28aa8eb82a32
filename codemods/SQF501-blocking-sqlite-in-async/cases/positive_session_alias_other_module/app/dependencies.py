"""The session dependency and its `Annotated` alias, imported by the routers."""
from typing import Annotated, Iterator

from fastapi import Depends
from sqlalchemy.orm import Session

from .db import SessionLocal


def get_db_session() -> Iterator[Session]:
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_db_session)]
