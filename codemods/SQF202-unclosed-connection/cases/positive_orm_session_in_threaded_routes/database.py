from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///exchange.db")
SessionLocal = sessionmaker(bind=engine)


def new_session():
    """A fresh session per call; the caller owns it."""
    maker = sessionmaker(bind=engine)
    return maker()
