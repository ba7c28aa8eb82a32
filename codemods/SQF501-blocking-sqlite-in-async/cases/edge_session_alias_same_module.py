"""The alias is defined beside the routes. A route with only its registration
decorator and no `await` becomes a plain `def`; one under a project decorator
(which awaits the function it wraps) keeps its `async def`, and its statements
move into `asyncio.to_thread`."""
import functools
from typing import Annotated, Iterator

from fastapi import APIRouter, Depends
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///./data/notes.db")
SessionLocal = sessionmaker(bind=engine)
router = APIRouter()


def get_session() -> Iterator[Session]:
    with SessionLocal() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def logged(func):
    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        print("calling", func.__name__)
        return await func(*args, **kwargs)

    return wrapper


@router.get("/notes")
async def list_notes(session: SessionDep) -> list:
    return [r[0] for r in session.execute(text("SELECT body FROM notes"))]


@router.get("/notes/count")
@logged
async def count_notes(session: SessionDep) -> int:
    total = session.execute(text("SELECT count(*) FROM notes")).scalar_one()
    return total
