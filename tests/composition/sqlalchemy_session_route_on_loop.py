# composes: SQF501, SQF112
# A FastAPI route takes a sync SQLAlchemy session in `async def` and reads then
# writes a counter. While every session runs on the event loop (the sync
# dependency only makes the session), all SQL is serialized on one thread: SQF112
# has no second party and is not reported. Once SQF501 makes the route a plain
# `def`, FastAPI's thread pool runs it concurrently and SQF112's listeners apply.
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///./counters.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.post("/counters/{name}")
async def bump(name: str, session: Session = Depends(get_session)):
    value = session.execute(text("SELECT n FROM counters WHERE name = :n"), {"n": name}).scalar()
    session.execute(text("UPDATE counters SET n = :v WHERE name = :n"), {"v": value + 1, "n": name})
    session.commit()
    return {"n": value + 1}
