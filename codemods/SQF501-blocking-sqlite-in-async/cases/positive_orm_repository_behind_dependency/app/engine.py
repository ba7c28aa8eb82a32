"""Builds the engine and its session factory. The URL comes from the caller at
run time; `check_same_thread` is an option only sqlite3 has, so the engine is
likely SQLite."""
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def build_engine(url: str) -> Engine:
    return create_engine(url, connect_args={"check_same_thread": False})


def session_factory(engine: Engine) -> "sessionmaker[Session]":
    return sessionmaker(bind=engine)
