"""A sync session factory, built once and handed to the repositories."""
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///./tasks.db")
session_factory = sessionmaker(engine, expire_on_commit=False)
