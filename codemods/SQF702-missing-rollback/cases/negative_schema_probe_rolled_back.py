"""Schema probes that leave nothing open: the handler rolls the shared session
back before the DDL, the DDL goes through the session itself, or the probe
runs on a session the function opens and closes itself."""
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, scoped_session, sessionmaker

engine = create_engine("sqlite:///inventory.db")
db = scoped_session(sessionmaker(bind=engine))


def add_notes_column():
    try:
        db.execute(text("SELECT notes FROM items LIMIT 1"))
    except OperationalError:
        db.rollback()
        with engine.connect() as conn:
            conn.execute(text("ALTER TABLE items ADD COLUMN notes TEXT"))
            conn.commit()


def add_price_column():
    try:
        db.execute(text("SELECT price FROM items LIMIT 1"))
    except OperationalError:
        db.execute(text("ALTER TABLE items ADD COLUMN price REAL"))
        db.commit()


def add_owner_column():
    with Session(engine) as probe:
        try:
            probe.execute(text("SELECT owner FROM items LIMIT 1"))
            return
        except OperationalError:
            pass
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE items ADD COLUMN owner TEXT"))


def items():
    return db.execute(text("SELECT * FROM items")).all()
