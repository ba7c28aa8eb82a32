"""A FastAPI service on SQLAlchemy sessions (sync routes on the thread pool,
one SQLite file) whose writes after a read do not rest on what was read, so a
concurrent request between them takes nothing away:

- an approval guarded by the status it read, writing a constant: both racers
  write APPROVED;
- a token revoked only while still unrevoked, stamped with the current time;
- a note's fields replaced by the request body after an ownership check: the
  last writer wins, as two plain UPDATEs would;
- the settings singleton created when the read found none (a racing second
  default row is tolerated by `.first()`);
- a project created after checking its UNIQUE name is free (a racer fails
  loudly on the key);
- a child row that refers to the row read by its key."""
from datetime import datetime, timezone

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy import Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite:///service.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()
PENDING = "pending"
APPROVED = "approved"


class Base(DeclarativeBase):
    pass


class Request(Base):
    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String)


class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revoked_at: Mapped[datetime] = mapped_column(nullable=True)


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String)
    body: Mapped[str] = mapped_column(String)


class Settings(Base):
    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme: Mapped[str] = mapped_column(String, default="light")


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String)


class NoteIn(BaseModel):
    title: str
    body: str


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.post("/requests/{request_id}/approve")
def approve(request_id: int, db: Session = Depends(get_db)):
    req = db.get(Request, request_id)
    if req is None:
        raise HTTPException(status_code=404)
    if req.status == PENDING:
        req.status = APPROVED
        db.commit()
    return {"status": req.status}


@app.post("/tokens/{token_id}/revoke")
def revoke(token_id: int, db: Session = Depends(get_db)):
    tok = db.query(Token).filter(Token.id == token_id).first()
    if tok is not None and tok.revoked_at is None:
        tok.revoked_at = datetime.now(timezone.utc)
        db.commit()


@app.put("/notes/{note_id}")
def edit(note_id: int, payload: NoteIn, user_id: int, db: Session = Depends(get_db)):
    note = db.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=404)
    if note.owner_id != user_id:
        raise HTTPException(status_code=403)
    note.title = payload.title
    note.body = payload.body
    db.commit()


@app.get("/settings")
def settings(db: Session = Depends(get_db)):
    current = db.query(Settings).first()
    if current is None:
        current = Settings()
        db.add(current)
        db.commit()
    return {"theme": current.theme}


@app.post("/projects")
def create_project(name: str, db: Session = Depends(get_db)):
    if db.scalar(select(Project).where(Project.name == name)) is not None:
        raise HTTPException(status_code=409)
    db.add(Project(name=name))
    db.commit()


@app.post("/notes/{note_id}/comments")
def comment(note_id: int, text: str, db: Session = Depends(get_db)):
    note = db.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=404)
    db.add(Comment(note_id=note.id, text=text))
    db.commit()
