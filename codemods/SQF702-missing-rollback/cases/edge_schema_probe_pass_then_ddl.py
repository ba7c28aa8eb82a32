"""A migration step in the style of SQLAlchemy 1.x: the probe's error is
swallowed with `pass`, and the `ALTER TABLE` runs after the `try` through
`engine.execute`. The probe on a column that is there (the second function)
re-raises, which is fine."""
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///feeds.db")
Session = scoped_session(sessionmaker(bind=engine))


def migrate():
    Session.execute("UPDATE feeds SET checked = 0")
    try:
        Session.execute("SELECT etag FROM feeds LIMIT 1")
        return
    except Exception:
        pass
    engine.execute("ALTER TABLE feeds ADD COLUMN etag TEXT")


def check_schema():
    try:
        Session.execute("SELECT url FROM feeds LIMIT 1")
    except Exception:
        raise SystemExit("feeds table is missing")
    engine.execute("ALTER TABLE feeds ADD COLUMN modified TEXT")
