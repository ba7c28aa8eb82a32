"""The app's SQLAlchemy setup: one scoped session per thread, removed by the web
app's teardown after each request."""
import os

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

DATABASE_URL = os.getenv("DATABASE_URL", "sqlite:///db/prices.db")
engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})
db_session = scoped_session(sessionmaker(bind=engine))

Base = declarative_base()
Base.query = db_session.query_property()


class Symbol(Base):
    __tablename__ = "symbols"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    last_price = Column(Integer)


def watched_symbols():
    return [s.name for s in Symbol.query.all()]


def save_price(name, price):
    symbol = Symbol.query.filter_by(name=name).first()
    symbol.last_price = price
    db_session.commit()
