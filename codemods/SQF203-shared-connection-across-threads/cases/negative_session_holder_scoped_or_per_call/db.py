from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///moderation.db")
SessionFactory = sessionmaker(bind=engine)
ThreadSessions = scoped_session(sessionmaker(bind=engine))
