"""The application's storage: SQLAlchemy on the PostgreSQL server the
container bundles (the URL is built from the configuration, and names
PostgreSQL)."""
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

DB_URL = "postgresql://{user}:{password}@{host}:5432/{name}".format(
    user=os.environ.get("DB_USER", "app"),
    password=os.environ.get("DB_PASSWORD", ""),
    host=os.environ.get("DB_HOST", "localhost"),
    name=os.environ.get("DB_NAME", "app"),
)
engine = create_engine(DB_URL)
Session = sessionmaker(bind=engine)
