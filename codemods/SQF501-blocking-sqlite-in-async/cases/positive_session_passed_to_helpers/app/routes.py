"""Async routes handing their sync session to helpers: every query and commit
the helpers run blocks the event loop."""
from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from .database import get_session
from .services import NoteService, load_note, titles

router = APIRouter()


@router.get("/notes/{note_id}")
async def read_note(note_id: int, session: Session = Depends(get_session)):
    return _shape(load_note(session, note_id))


@router.post("/notes")
async def create_note(request: Request, session: Session = Depends(get_session)):
    data = await request.json()
    note = NoteService().create(session, data["title"], data.get("body", ""))
    return {"id": note.id}


@router.get("/titles")
async def list_titles(session: Session = Depends(get_session)):
    found = NoteService().first_titled(session, "todo")
    return {"titles": titles(session), "todo": found is not None}


def _shape(note):
    return {"title": note.title} if note else None
