"""F-orm-get-or-create-race: two sessions' lookup-then-insert on one file both miss.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with
.venv/bin/python.
"""
import os
import threading

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy import exc  # noqa: E402
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker  # noqa: E402

fact = Fact(
    "F-orm-get-or-create-race",
    "two threads' sessions that look a queue up with query(...).filter(...).first() and, "
    "finding none, add and commit it, both find none: the second commit fails on the unique "
    "name, and a handler that rolls back and returns the object hands out one never stored",
)
fact.note(f"SQLAlchemy {sa.__version__}")


class Base(DeclarativeBase):
    pass


class Queue(Base):
    __tablename__ = "queue"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)


db = os.path.join(scratch(), "broker.db")
engine = sa.create_engine(f"sqlite:///{db}")
Base.metadata.create_all(engine)
Session = sessionmaker(bind=engine)
both_looked = threading.Barrier(2)


def declare(name, results, guarded):
    session = Session()  # one per thread, kept for the thread's life
    obj = session.query(Queue).filter(Queue.name == name).first()
    results.append(("missed" if obj is None else "found", None))
    both_looked.wait()
    if obj is None:
        obj = Queue(name=name)
        session.add(obj)
        try:
            session.commit()
        except (exc.IntegrityError, exc.OperationalError) as e:
            session.rollback()
            if not guarded:
                results.append(("failed", type(e).__name__))
                results.append(("returned", obj.id))
                return
            # The safe form: read again the row the other session stored.
            obj = session.query(Queue).filter(Queue.name == name).first()
    results.append(("returned", obj.id))


for guarded in (False, True):
    with engine.begin() as c:
        c.execute(sa.text("DELETE FROM queue"))
    results = []
    threads = [threading.Thread(target=declare, args=("emails", results, guarded)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    missed = sum(1 for k, _ in results if k == "missed")
    failed = [v for k, v in results if k == "failed"]
    returned = [v for k, v in results if k == "returned"]
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT count(*) FROM queue")).scalar()
    label = "re-query on failure" if guarded else "return the unsaved object"
    fact.note(f"{label}: missed {missed}/2, failed {failed}, ids returned {returned}, rows {rows}")
    fact.check(missed == 2, f"{label}: both sessions find no row")
    if guarded:
        fact.check(None not in returned and len(set(returned)) == 1, "re-querying hands both the stored row")
    else:
        fact.check(len(failed) == 1 and None in returned, "one commit fails, and its caller gets an object with no id")
fact.done()
