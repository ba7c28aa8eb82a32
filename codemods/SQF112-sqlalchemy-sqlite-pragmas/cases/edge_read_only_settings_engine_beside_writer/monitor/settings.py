"""The monitor's settings reader: an engine of its own on the same file that
only ever runs SELECTs. Its PRAGMAs would change nothing (a reader holds its
lock for one statement and never commits), and WAL is the file's, set by the
writer: not reported here."""
from sqlalchemy import create_engine, text

settings_engine = create_engine("sqlite:///monitor.db")


def thresholds():
    with settings_engine.connect() as conn:
        rows = conn.execute(text("SELECT name, value FROM thresholds")).all()
    return {name: value for name, value in rows}


def probe_interval():
    with settings_engine.connect() as conn:
        return conn.execute(text("SELECT value FROM config WHERE key = 'interval'")).scalar()
