from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("sqlite:///shop.db")
db_session = scoped_session(sessionmaker(bind=engine))
Base = declarative_base()


class Stock(Base):
    __tablename__ = "stock"
    sku = Column(String, primary_key=True)
    count = Column(Integer, nullable=False)
