"""Sync sessions in `async def` that the simple fixes do not fit. The session is
used on both sides of an await: no single block to move, so it is reported with
the reason. A route that asks for the running loop cannot become a plain `def`:
its session statements move into a worker thread instead."""
import asyncio

from fastapi import Depends, FastAPI, Request
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///app.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.post("/items")
async def create_item(request: Request, session: Session = Depends(get_session)):
    session.execute(text("INSERT INTO log (what) VALUES ('start')"))
    body = await request.body()
    session.execute(text("INSERT INTO items (name) VALUES (:n)"), {"n": body.decode()})
    session.commit()
    return {"ok": True}


@app.get("/items/{name}/touch")
async def touch(name: str, session: Session = Depends(get_session)):
    session.execute(text("UPDATE items SET seen = seen + 1 WHERE name = :n"), {"n": name})
    session.commit()
    asyncio.get_running_loop().call_soon(print, name)
    return {"ok": True}
