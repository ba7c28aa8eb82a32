"""The same app with plain `def` routes: FastAPI runs them in its thread pool, so
each session waits for the write lock in its own thread and the BEGIN IMMEDIATE
listener is offered as an unsafe fix."""
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


@app.post("/items/{item_id}/views")
def count_view(item_id: int, session: Session = Depends(get_session)):
    item = session.get(dict, item_id)
    session.commit()
    return item
