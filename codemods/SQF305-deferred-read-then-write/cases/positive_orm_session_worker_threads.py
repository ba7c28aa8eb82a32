"""Page hits counted by a thread pool through SQLAlchemy sessions: each worker
loads the counter row, adds one and commits."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

engine = create_engine("sqlite:///hits.db")
SessionLocal = sessionmaker(bind=engine)


class Base(DeclarativeBase):
    pass


class Counter(Base):
    __tablename__ = "counters"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)


def count_hit(key):
    with SessionLocal() as session:
        row = session.get(Counter, key)
        row.hits += 1
        session.commit()


def claim_slot(key):
    session = SessionLocal()
    taken = session.scalars(select(Counter).where(Counter.key == key)).first()
    if taken is None:
        session.add(Counter(key=key, hits=0))
        session.commit()
    session.close()


def run(keys):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for key in keys:
            pool.submit(count_hit, key)
            pool.submit(claim_slot, key)
