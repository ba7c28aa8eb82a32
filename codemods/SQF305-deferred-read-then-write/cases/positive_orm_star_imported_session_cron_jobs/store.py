"""The shared session every job imports: old-style star imports, the engine's
URL read from the configuration file at import."""
from sqlalchemy import *
from sqlalchemy.orm import *
from sqlalchemy.ext.declarative import declarative_base

from settings import config

engine = create_engine(config.get("storage", "db_uri"), connect_args={"check_same_thread": False, "timeout": 60})
session = scoped_session(sessionmaker(bind=engine))
Base = declarative_base()


class Tile(Base):
    __tablename__ = "tiles"
    id = Column(Integer, primary_key=True)
    layer = Column(String(50), index=True)
    path = Column(String(500), nullable=False)
    stamp = Column(DateTime, index=True)
