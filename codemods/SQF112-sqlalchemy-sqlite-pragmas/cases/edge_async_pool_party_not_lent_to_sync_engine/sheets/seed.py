"""Loads the reference rows once, from the command line."""
from sqlalchemy import text

from .db import SessionLocal


def seed() -> None:
    with SessionLocal() as session:
        session.execute(text("INSERT INTO sheets (name) VALUES ('template')"))
        session.commit()


if __name__ == "__main__":
    seed()
