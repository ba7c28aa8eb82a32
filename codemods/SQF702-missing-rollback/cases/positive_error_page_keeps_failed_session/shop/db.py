"""The shop's one session registry, shared by every view for the life of the
process (nothing removes it at the end of a request)."""
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///shop.db", connect_args={"check_same_thread": False})
db_session = scoped_session(sessionmaker(bind=engine))
