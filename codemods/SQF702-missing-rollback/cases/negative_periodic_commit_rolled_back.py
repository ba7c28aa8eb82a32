"""Periodic jobs that leave no failed session behind: one rolls the shared
session back when the commit fails, one opens its own session per run, and
one commits in `with session.begin():`."""
import logging

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
engine = create_engine("sqlite:///jobs.db")
SessionLocal = sessionmaker(bind=engine)
session = SessionLocal()


def heartbeat():
    session.execute(text("UPDATE status SET beat = CURRENT_TIMESTAMP"))
    try:
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.exception("heartbeat failed")


def purge():
    with Session(engine) as own:
        own.execute(text("DELETE FROM events WHERE old = 1"))
        own.commit()


def count_events():
    return session.execute(text("SELECT count(*) FROM events")).scalar()


scheduler = BackgroundScheduler()
scheduler.add_job(heartbeat, "interval", seconds=30)
scheduler.add_job(purge, "interval", hours=1)
scheduler.start()
