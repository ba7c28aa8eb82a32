"""A sync engine whose sessions FastAPI hands to `async def` routes: the sync
dependency only makes the session, every query and commit runs on the event
loop's one thread, so nothing else uses the file at the same time: no second
party, not reported (SQF501 reports the blocked loop). With a plain `def` route
(positive_sync_sessions_in_def_routes) the thread pool is one."""
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
