"""The one session of the program: the window and the price worker both use it."""
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from prices import config

engine = create_engine(config.DB_URL, echo=False)
db = sessionmaker(bind=engine)()
