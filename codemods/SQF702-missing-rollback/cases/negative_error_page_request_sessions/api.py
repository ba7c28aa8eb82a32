"""FastAPI: one session per request from a `Depends` generator; the exception
handler has no session to clean up."""
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///api.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.exception_handler(Exception)
async def on_error(request: Request, exc: Exception):
    return JSONResponse({"detail": "internal error"}, status_code=500)


@app.post("/notes")
def add_note(body: str, db: Session = Depends(get_db)):
    db.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})
    db.commit()
    return {"ok": True}
