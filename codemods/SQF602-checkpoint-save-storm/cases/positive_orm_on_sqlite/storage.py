"""The application's storage: SQLAlchemy on a SQLite file next to the
configuration."""
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///data/app.db")
Session = sessionmaker(bind=engine)
