import threading

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///work.db")
Session = sessionmaker(bind=engine)
ThreadSession = scoped_session(sessionmaker(bind=engine))
Base = declarative_base()
LOCK = threading.Lock()


class Row(Base):
    __tablename__ = "rows"
    id = Column(Integer, primary_key=True)
    name = Column(String)
