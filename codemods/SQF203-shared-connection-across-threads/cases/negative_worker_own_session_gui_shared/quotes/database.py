"""The window's session, and a maker the worker uses for its own sessions."""
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from quotes import config

engine = create_engine(config.DB_URL)
Session = sessionmaker(bind=engine)
db = Session()
