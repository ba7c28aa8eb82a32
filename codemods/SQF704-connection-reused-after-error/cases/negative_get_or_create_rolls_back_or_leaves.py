"""The same get-or-create done right: the handler rolls back before the
look-up after the `try`, or returns, or re-raises."""
from sqlalchemy import create_engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Builder

engine = create_engine("sqlite:///state.db")


def builder_id(session: Session, name: str) -> int:
    try:
        session.add(Builder(name=name))
        session.commit()
    except IntegrityError:
        session.rollback()
    return session.execute(select(Builder).where(Builder.name == name)).scalar_one().id


def builder_or_none(session: Session, name: str):
    try:
        session.add(Builder(name=name))
        session.commit()
    except IntegrityError:
        return None
    return session.execute(select(Builder).where(Builder.name == name)).scalar_one()


def strict_builder(session: Session, name: str):
    try:
        session.add(Builder(name=name))
        session.commit()
    except IntegrityError:
        pass
    session.rollback()
    return session.execute(select(Builder).where(Builder.name == name)).scalar_one()
