"""A registry hands each thread its own session; the plain module session is
used only by the command-line tool, which has no threads."""
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///notes.db")
Session = sessionmaker(bind=engine)
registry = scoped_session(Session)
session = Session()


def save_note(note):
    registry.add(note)
    registry.commit()


def export_notes():
    return session.execute("SELECT body FROM notes").fetchall()
