from sqlalchemy.orm import Session, sessionmaker

from .engine import build_engine, session_factory


class BaseStore:
    """Keeps the session factory; subclasses in other modules open sessions from it."""

    def __init__(self, url: str) -> None:
        self.engine = build_engine(url)
        self.Session: sessionmaker[Session] = session_factory(self.engine)
