"""The URL comes only from the environment: nothing in the code says which
engine, so the writers may be on SQLite (reported)."""
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ["DATABASE_URL"])
Session = sessionmaker(bind=engine)
