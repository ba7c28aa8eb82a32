"""An engine returned by a factory: SQLite for sure, but no name here to attach
a listener to, so the findings say where to put it and offer no edit."""
from sqlalchemy import create_engine


def make_engine(path="app.db"):
    return create_engine(f"sqlite:///{path}")
