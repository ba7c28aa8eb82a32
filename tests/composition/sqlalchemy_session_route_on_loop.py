# composes: SQF501, SQF112
# A FastAPI route takes a sync SQLAlchemy session in `async def` and reads then
# writes a counter. SQF112 only shows its BEGIN IMMEDIATE listener while sessions
# run on the event loop (a session waiting for the lock there would block the one
# holding it); once SQF501 makes the route a plain `def`, the listener applies.
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
