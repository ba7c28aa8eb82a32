"""`SessionLocal` is named like a sync factory, `ScopedSession` is a registry,
the third route is handed SQLModel's AsyncSession, the service keeps a factory
under `session_maker`: each session's calls are awaited, so none is reported."""
from fastapi import APIRouter, Depends
from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from db import ScopedSession, SessionLocal

router = APIRouter()


async def get_session():
    async with SessionLocal() as session:
        yield session


@router.get("/orders")
async def orders():
    session = SessionLocal()
    try:
        rows = (await session.execute(text("SELECT id FROM orders"))).all()
    finally:
        await session.close()
    return [r.id for r in rows]


@router.delete("/orders")
async def clear_orders():
    session = ScopedSession()
    await session.execute(text("DELETE FROM orders"))
    await session.commit()
    await ScopedSession.remove()


@router.get("/stock")
async def stock(session: AsyncSession = Depends(get_session)):
    result = await session.exec(text("SELECT count(*) FROM stock"))
    return result.one()


class Restocker:
    def __init__(self, session_maker):
        self.session_maker = session_maker

    async def restock(self, item, count):
        async with self.session_maker() as s:
            await s.execute(text("UPDATE stock SET n = n + :c WHERE item = :i"), {"c": count, "i": item})
            await s.commit()


restocker = Restocker(SessionLocal)


@router.post("/restock")
async def restock(item: str, count: int):
    await restocker.restock(item, count)
