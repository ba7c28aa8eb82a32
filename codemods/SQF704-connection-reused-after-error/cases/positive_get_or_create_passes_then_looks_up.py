"""Get-or-create on a SQLAlchemy session where the loser of the race passes
over the IntegrityError and looks the row up after the `try`: the session's
flush failed, so the look-up raises PendingRollbackError instead of finding
the row the other worker (or the other master process) inserted first."""
from sqlalchemy import create_engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import Builder

engine = create_engine("sqlite:///state.db")
SessionLocal = sessionmaker(bind=engine)


def builder_id(session: Session, name: str) -> int:
    found = session.execute(select(Builder).where(Builder.name == name)).scalar_one_or_none()
    if found is not None:
        return found.id
    try:
        session.add(Builder(name=name))
        session.commit()
    except IntegrityError:
        pass
    return session.execute(select(Builder).where(Builder.name == name)).scalar_one().id


def tag_id(name):
    with SessionLocal() as session:
        for attempt in range(2):
            try:
                session.add(Builder(name=name))
                session.flush()
            except IntegrityError:
                log_duplicate(name)
            row = session.query(Builder).filter_by(name=name).one()
            return row.id


def log_duplicate(name):
    print("duplicate", name)
