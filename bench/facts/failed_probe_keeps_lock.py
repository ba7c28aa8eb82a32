"""F-failed-probe-keeps-lock: a caught error on a session keeps its transaction's locks.

Needs sqlalchemy (requirements-dev.txt; scripts/venv installs it): run with
.venv/bin/python.
"""
import os

from _fact import Fact, need, scratch

sa = need("sqlalchemy")
from sqlalchemy import event, exc, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

fact = Fact(
    "F-failed-probe-keeps-lock",
    "a statement that fails on a Session ('no such column') and is caught without "
    "rollback() leaves the session's transaction open with the locks it already held "
    "(a write earlier in it; a read when the engine sends its own BEGIN): another "
    "connection's ALTER TABLE then fails with 'database is locked'; with rollback() in "
    "the handler it works; a session that held no lock blocks nothing",
)
fact.note(f"SQLAlchemy {sa.__version__}")


def start_up(before, explicit_begin, roll_back):
    db = os.path.join(scratch(), "t.db")
    engine = sa.create_engine(f"sqlite:///{db}", connect_args={"timeout": 0.3})
    if explicit_begin:
        # SQLAlchemy's documented pysqlite recipe: the engine sends its own BEGIN.
        @event.listens_for(engine, "connect")
        def no_driver_begin(dbapi_conn, record):
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def send_begin(conn):
            conn.exec_driver_sql("BEGIN")

    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"))
        conn.execute(text("INSERT INTO items (name) VALUES ('a')"))
    session = Session(engine)
    if before == "write":
        session.execute(text("INSERT INTO items (name) VALUES ('b')"))
    elif before == "read":
        session.execute(text("SELECT name FROM items")).all()
    try:
        session.execute(text("SELECT notes FROM items")).first()
    except exc.OperationalError:
        if roll_back:
            session.rollback()
    try:
        with engine.connect() as conn:
            conn.execute(text("ALTER TABLE items ADD COLUMN notes TEXT"))
            conn.commit()
        return "ALTER ok"
    except exc.OperationalError as e:
        return str(e.orig)
    finally:
        session.close()
        engine.dispose()


seen = start_up("write", False, False)
fact.note(f"earlier write, probe caught, no rollback: {seen}")
fact.check(seen == "database is locked", "an earlier write in the session's transaction blocks the DDL")
seen = start_up("read", True, False)
fact.note(f"read under an explicit BEGIN, probe caught, no rollback: {seen}")
fact.check(seen == "database is locked", "a read under an explicit BEGIN blocks the DDL")
seen = start_up("write", False, True)
fact.note(f"earlier write, rollback() in the handler: {seen}")
fact.check(seen == "ALTER ok", "rollback() in the handler lets the DDL through")
seen = start_up("read", False, False)
fact.note(f"read with the driver's own transaction handling, no rollback: {seen}")
fact.check(seen == "ALTER ok", "a session that held no lock blocks nothing")
fact.done()
