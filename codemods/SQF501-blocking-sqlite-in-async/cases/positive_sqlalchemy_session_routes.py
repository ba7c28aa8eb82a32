"""FastAPI routes that take a sync SQLAlchemy session from a dependency, written as
`async def`: every query and commit runs on the event loop. A route that never
awaits becomes a plain `def` (FastAPI runs it in its threadpool); one that awaits
the upload first has its session statements moved into a worker thread."""
from typing import Annotated

from fastapi import Depends, FastAPI, File, UploadFile
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


@app.get("/items/{item_id}")
async def read_item(item_id: int, session: Session = Depends(get_session)):
    row = session.execute(text("SELECT name FROM items WHERE id = :id"), {"id": item_id}).first()
    return {"name": row[0] if row else None}


@app.post("/items")
async def create_item(
    file: UploadFile = File(...),
    session: Annotated[Session, Depends(get_session)] = None,
):
    data = await file.read()
    name = data.decode()
    session.execute(text("INSERT INTO items (name) VALUES (:n)"), {"n": name})
    session.commit()
    return {"ok": True, "name": name}
