# An ORM loop that rolls back a failed row and goes on: one transaction would
# discard every earlier row with it, so it is reported with advice, not fixed.
from sqlalchemy.exc import IntegrityError
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from models import Tag

engine = create_engine("sqlite:///pipeline.db")


def save_tags(session: Session, doc_id, names):
    for name in names:
        try:
            session.add(Tag(doc_id=doc_id, name=name))
            session.commit()
        except IntegrityError:
            session.rollback()
