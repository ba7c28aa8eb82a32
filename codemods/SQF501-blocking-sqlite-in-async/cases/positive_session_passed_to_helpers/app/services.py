"""Helpers that take the caller's session: no async, no database text."""
from sqlmodel import Session, select

from .models import Note


def load_note(session: Session, note_id: int):
    return session.get(Note, note_id)


def titles(session: Session):
    return [n.title for n in session.exec(select(Note)).all()]


class NoteService:
    def create(self, session: Session, title: str, body: str) -> Note:
        note = Note(title=title, body=body)
        session.add(note)
        session.commit()
        session.refresh(note)
        return note

    def first_titled(self, session, title):
        return session.query(Note).filter(Note.title == title).first()
