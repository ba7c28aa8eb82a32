"""A sync engine whose sessions FastAPI hands to `async def` routes: the PRAGMA
listener is applied, the BEGIN IMMEDIATE listener only shown (the sessions run on
the event loop)."""
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///./app.db", connect_args={"check_same_thread": False})
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
    return session.get(dict, item_id)
