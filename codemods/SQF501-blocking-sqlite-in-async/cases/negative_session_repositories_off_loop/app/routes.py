from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from .db import AsyncSessionLocal, SessionLocal, get_db
from .repositories import AsyncNoteRepository, NoteRepository

router = APIRouter()


@router.get("/notes")
def list_notes(db: Session = Depends(get_db)):
    return NoteRepository(db).all()


@router.get("/notes/offloaded")
async def list_notes_offloaded():
    def work():
        with SessionLocal() as db:
            return NoteRepository(db).all()

    return await run_in_threadpool(work)


@router.get("/notes/async")
async def list_notes_async():
    async with AsyncSessionLocal() as db:
        return await AsyncNoteRepository(db).all()
