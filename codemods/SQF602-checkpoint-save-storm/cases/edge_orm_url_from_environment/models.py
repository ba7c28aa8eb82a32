from sqlalchemy import Boolean, Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Plate(Base):
    __tablename__ = "plates"
    id = Column(Integer, primary_key=True)
    present = Column(Boolean, default=True)
