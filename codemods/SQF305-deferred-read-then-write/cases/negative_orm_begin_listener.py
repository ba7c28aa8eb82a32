"""SQLAlchemy's recipe is installed: every transaction begins IMMEDIATE, so the
read-then-write below holds the write lock from its first read."""
import threading

from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///app.db")
SessionLocal = sessionmaker(bind=engine)


@event.listens_for(engine, "connect")
def _no_implicit_begin(dbapi_connection, _record):
    dbapi_connection.isolation_level = None


@event.listens_for(engine, "begin")
def _begin_immediate(conn):
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def withdraw(account, amount):
    with SessionLocal() as session:
        balance = session.execute(text("SELECT balance FROM accounts WHERE id = :a"), {"a": account}).scalar()
        session.execute(
            text("UPDATE accounts SET balance = :b WHERE id = :a"), {"a": account, "b": balance - amount}
        )
        session.commit()


def run():
    for n in range(4):
        threading.Thread(target=withdraw, args=(n, 1)).start()
