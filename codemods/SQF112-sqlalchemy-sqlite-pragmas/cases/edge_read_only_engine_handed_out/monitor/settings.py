"""Reads only here, but one function hands a session on its engine to callers
this module cannot see, and the sessionmaker at module level serves any
importer: either may write, so the advice stays."""
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

settings_engine = create_engine("sqlite:///monitor.db")


def thresholds():
    with settings_engine.connect() as conn:
        rows = conn.execute(text("SELECT name, value FROM thresholds")).all()
    return {name: value for name, value in rows}


def settings_session():
    return Session(settings_engine)
