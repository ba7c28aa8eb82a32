"""A sync session in an `async def` route on an in-memory engine: SQLAlchemy gives
each thread its own connection, so a worker thread would see another, empty
database. Reported without a fix."""
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
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
