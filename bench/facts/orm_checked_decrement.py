"""F-orm-checked-decrement: a limit checked on a loaded ORM object, then the amount taken from it in memory and committed, loses debits and breaks the limit under threads; one conditional UPDATE with a row-count check keeps both.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with .venv/bin/python.
"""
import os
import sqlite3
import threading
import time

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker  # noqa: E402

fact = Fact("F-orm-checked-decrement", "`if acct.balance < cost: refuse; acct.balance -= cost; session.commit()` on a row loaded before the check lets concurrent sessions both pass the check and both write `old - cost`: debits are lost and more is spent than the balance held; `UPDATE ... SET balance = balance - :c WHERE id = :id AND balance >= :c` with a row-count check spends exactly the balance")
fact.note(f"SQLAlchemy {sa.__version__}")
THREADS, TRIES, START, COST = 8, 10, 50, 1


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int]


def run(conditional):
    db = os.path.join(scratch(), "t.db")
    setup = sqlite3.connect(db)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.close()
    engine = sa.create_engine(f"sqlite:///{db}", connect_args={"timeout": 30})
    Base.metadata.create_all(engine)
    Session = sessionmaker(bind=engine)
    with Session() as s:
        s.add(Account(id=1, balance=START))
        s.commit()
    granted = []
    errors = []

    def work():
        for _ in range(TRIES):
            try:
                with Session() as session:
                    if conditional:
                        done = session.execute(
                            sa.update(Account)
                            .where(Account.id == 1, Account.balance >= COST)
                            .values(balance=Account.balance - COST)
                        ).rowcount
                        session.commit()
                        if done:
                            granted.append(1)
                        continue
                    acct = session.get(Account, 1)
                    time.sleep(0.001)  # the request's other work between load and check
                    if acct.balance < COST:
                        continue
                    acct.balance -= COST
                    session.commit()
                    granted.append(1)
            except sa.exc.OperationalError as e:
                errors.append(str(e.orig))

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        left = conn.exec_driver_sql("SELECT balance FROM accounts").scalar()
    engine.dispose()
    return len(granted), left, errors


granted, left, errors = run(False)
fact.check(
    granted > START - left,
    f"in-memory decrement: {THREADS}x{TRIES} purchases of {COST} on a balance of {START}: {granted} granted, balance left {left} (only {START - left} taken), {len(errors)} errors",
)
granted, left, errors = run(True)
fact.check(
    granted == START and left == 0 and not errors,
    f"conditional UPDATE with rowcount: {granted} granted, balance left {left}, {len(errors)} errors",
)
fact.done()
