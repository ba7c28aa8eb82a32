"""A sync session in an `async def` route, on an engine whose URL comes from the
environment: it may be PostgreSQL, whose blocked loop is not SQLite's hazard."""
import os

from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine(os.environ["DATABASE_URL"])
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.get("/items")
async def list_items(session: Session = Depends(get_session)):
    return [r[0] for r in session.execute(text("SELECT name FROM items"))]
