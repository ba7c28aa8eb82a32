"""A settings engine that also saves what the admin changes: it writes beside
the probe threads, so its own advice stays."""
from sqlalchemy import create_engine, text

settings_engine = create_engine("sqlite:///monitor.db")


def thresholds():
    with settings_engine.connect() as conn:
        rows = conn.execute(text("SELECT name, value FROM thresholds")).all()
    return {name: value for name, value in rows}


def save_threshold(name, value):
    with settings_engine.connect() as conn:
        conn.execute(
            text("UPDATE thresholds SET value = :v WHERE name = :n"), {"v": value, "n": name}
        )
        conn.commit()
