"""Routes take the session through the alias defined in another module, under a
caching decorator, and query it inline: each query blocks the event loop while
the collector may hold the write lock."""
from fastapi import APIRouter
from sqlalchemy import func, select

from ..caching import cached
from ..dependencies import DbSession
from ..models import Reading

router = APIRouter()


@router.get("/stats/count")
@cached(seconds=30)
async def reading_count(session: DbSession) -> dict:
    total = session.execute(select(func.count(Reading.id))).scalar_one()
    return {"count": total}


@router.get("/stats/latest")
@cached(seconds=5)
async def latest(session: DbSession, limit: int = 10) -> list:
    rows = session.execute(select(Reading).order_by(Reading.id.desc()).limit(limit))
    return [r.value for r in rows.scalars()]
