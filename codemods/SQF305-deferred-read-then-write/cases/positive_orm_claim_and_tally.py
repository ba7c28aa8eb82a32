"""Read-then-writes on worker threads: a tally recomputed from the stored one
(one increment is lost: reported). A slot taken only if nobody holds it is not
reported on a session: the guard reads the row's state and the write is the
caller's own value, last writer wins, as two plain UPDATEs would, and nothing
read is written back."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker

engine = create_engine("sqlite:///rota.db")
db = scoped_session(sessionmaker(bind=engine))


class Base(DeclarativeBase):
    pass


class Slot(Base):
    __tablename__ = "slots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    holder: Mapped[str] = mapped_column(String, nullable=True)
    visits: Mapped[int] = mapped_column(Integer, default=0)


def claim(slot_id, who):
    slot = db.query(Slot).filter(Slot.id == slot_id).first()
    if slot is not None and slot.holder is None:
        slot.holder = who
        db.commit()


def record_visit(slot_id):
    slot = db.query(Slot).filter(Slot.id == slot_id).first()
    if slot:
        seen = slot.visits
        slot.visits = seen + 1
        db.commit()


def run(jobs):
    with ThreadPoolExecutor(max_workers=3) as pool:
        for job, args in jobs:
            pool.submit(job, *args)
