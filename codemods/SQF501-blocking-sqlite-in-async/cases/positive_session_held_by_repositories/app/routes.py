import asyncio

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .db import SessionLocal, get_db
from .manager import Manager

router = APIRouter()


@router.get("/items")
async def list_items(db: Session = Depends(get_db)):
    with Manager(db) as m:
        return m.items.search_all()


async def tick():
    while True:
        with SessionLocal() as db:
            manager = Manager(db)
            await manager.refresh()
            manager.rss.search()
        await asyncio.sleep(60)
