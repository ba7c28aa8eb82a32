"""Edge: the assigned value comes from the caller, after an earlier guard on
the row's own state (a lock-out that only an unlocked row may receive):
racers both pass the guard and each writes its own reason, last one wins, as
two plain UPDATEs would; no value read is written back, so a session reports
nothing. A value copied onto one row from another row read just before rests
on that read, and the row merged back was loaded, not built: that finding
stays."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker

engine = create_engine("sqlite:///doors.db")
db = scoped_session(sessionmaker(bind=engine))


class Base(DeclarativeBase):
    pass


class Door(Base):
    __tablename__ = "doors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String)
    note: Mapped[str] = mapped_column(String, nullable=True)


def lock_out(door_id, reason):
    door = db.query(Door).filter(Door.id == door_id).first()
    if door is None:
        return
    if door.state == "locked":
        return
    door.state = reason
    db.commit()


def copy_note(source_id, target_id):
    source = db.query(Door).filter(Door.id == source_id).first()
    target = db.query(Door).filter(Door.id == target_id).first()
    target.note = source.note
    db.merge(target)
    db.commit()


def run(jobs):
    with ThreadPoolExecutor(max_workers=3) as pool:
        for job, args in jobs:
            pool.submit(job, *args)
