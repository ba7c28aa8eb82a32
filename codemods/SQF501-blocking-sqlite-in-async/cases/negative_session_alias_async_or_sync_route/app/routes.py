"""The sync session goes to a plain `def` route (FastAPI's threadpool); the
`async def` route gets the async session and awaits it."""
from fastapi import APIRouter
from sqlalchemy import text

from .dependencies import AsyncDbSession, DbSession

router = APIRouter()


@router.get("/items")
def list_items(session: DbSession) -> list:
    return [r[0] for r in session.execute(text("SELECT name FROM items"))]


@router.get("/items/count")
async def count_items(session: AsyncDbSession) -> int:
    result = await session.execute(text("SELECT count(*) FROM items"))
    return result.scalar_one()
