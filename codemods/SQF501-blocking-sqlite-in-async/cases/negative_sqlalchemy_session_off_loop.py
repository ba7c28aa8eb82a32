"""Sync SQLAlchemy sessions that never run on the event loop: a plain `def` route
(FastAPI's threadpool), and an `async def` route that hands its session to a
nested function it runs with `asyncio.to_thread`."""
import asyncio

from fastapi import Depends, FastAPI
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


@app.get("/items")
def list_items(session: Session = Depends(get_session)):
    return [r[0] for r in session.execute(text("SELECT name FROM items"))]


@app.post("/items/{name}")
async def create_item(name: str, session: Session = Depends(get_session)):
    def _work():
        session.execute(text("INSERT INTO items (name) VALUES (:n)"), {"n": name})
        session.commit()

    await asyncio.to_thread(_work)
    return {"ok": True}
