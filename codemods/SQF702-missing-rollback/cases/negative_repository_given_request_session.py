"""A repository keeps the session it is handed (`self.session = session`) and
commits it with no rollback; the session is the caller's, made per request or
job and closed by it in a `finally`, so a failed commit dies with it and
nothing later inherits it. Not reported, though pool threads write too."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

engine = create_engine("sqlite:///notes.db")
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()
pool = ThreadPoolExecutor(max_workers=4)


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    text = Column(String)


class NoteRepository:
    def __init__(self, session: Session):
        self.session = session

    def create_many(self, texts):
        self.session.add_all([Note(text=t) for t in texts])
        self.session.commit()


def import_notes(texts):
    session = SessionLocal()
    try:
        NoteRepository(session).create_many(texts)
    finally:
        session.close()


def submit(texts):
    pool.submit(import_notes, texts)
