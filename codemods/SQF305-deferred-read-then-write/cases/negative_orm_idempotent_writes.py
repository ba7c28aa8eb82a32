"""Read-then-writes on worker threads whose racers lose nothing: a cache row
rebuilt from scratch and merged by key, and an expired reminder deleted by
whoever sees it first. (A row inserted when a keyed lookup misses is reported:
the slower racer's commit fails on the key.)"""
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Float, Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

engine = create_engine("sqlite:///library.db")
Session = sessionmaker(bind=engine)


class Base(DeclarativeBase):
    pass


class PathCache(Base):
    __tablename__ = "path_cache"
    path: Mapped[str] = mapped_column(String, primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer)


class Reminder(Base):
    __tablename__ = "reminders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    due: Mapped[float] = mapped_column(Float)


def remember_path(path, lookup):
    with Session() as session:
        known = session.get(PathCache, path)
        if known is not None and known.item_id == lookup(path):
            return
        session.merge(PathCache(path=path, item_id=lookup(path)))
        session.commit()


def drop_expired(reminder_id):
    with Session() as session:
        reminder = session.get(Reminder, reminder_id)
        if reminder is not None and reminder.due < time.time():
            session.delete(reminder)
            session.commit()


def run(jobs):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for job, arg in jobs:
            pool.submit(job, arg)
