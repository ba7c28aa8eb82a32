"""A small bookmarks service: at start-up it seeds its settings through the
shared session, probes for a column added in a later release, and adds it on
another connection of the engine when the probe fails."""
import logging

from sqlalchemy import Column, Integer, String, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import declarative_base, sessionmaker

log = logging.getLogger(__name__)

engine = create_engine("sqlite:///bookmarks.db")
Base = declarative_base()
Session = sessionmaker(bind=engine)
session = Session()


class Bookmark(Base):
    __tablename__ = "bookmarks"
    id = Column(Integer, primary_key=True)
    url = Column(String)
    notes = Column(String)


class Setting(Base):
    __tablename__ = "settings"
    key = Column(String, primary_key=True)
    value = Column(String)


def upgrade_schema():
    Base.metadata.create_all(engine)
    if session.get(Setting, "version") is None:
        session.add(Setting(key="version", value="1"))
        session.flush()
    try:
        session.query(Bookmark.notes).first()
    except OperationalError:
        log.info("adding bookmarks.notes")
        with engine.connect() as conn:
            conn.execute(text("ALTER TABLE bookmarks ADD COLUMN notes TEXT"))
            conn.commit()
    session.commit()


def list_bookmarks():
    return session.query(Bookmark).all()
