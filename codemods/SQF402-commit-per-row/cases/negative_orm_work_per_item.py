# ORM loops that commit per unit of work, or in batches: not reported.
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from models import Page
from ocr import recognize

engine = create_engine("sqlite:///pipeline.db")


def convert_pages(session: Session, doc_id, images):
    # Each page costs an OCR call: committing its result is committing per unit
    # of work, and a crash keeps the pages already done.
    for n, image in enumerate(images):
        session.add(Page(doc_id=doc_id, number=n, text=recognize(image)))
        session.commit()


def import_pages(session: Session, rows):
    for i, row in enumerate(rows):
        session.add(Page(**row))
        if i % 500 == 0:
            session.commit()
    session.commit()


def remember(seen: set, items):
    # A set's add has no commit: not a session.
    for item in items:
        seen.add(item)
