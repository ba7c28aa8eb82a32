"""The desktop app's one session for saved data, open for the whole run and
used by the window's handlers and a price-update thread."""
import threading

from sqlalchemy import Column, Float, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

from fitter import config

saveddata_engine = create_engine(config.saveddata_connection, echo=False)
saveddata_session = sessionmaker(bind=saveddata_engine, autoflush=False, expire_on_commit=False)()
sd_lock = threading.RLock()
Base = declarative_base()


class Fit(Base):
    __tablename__ = "fits"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    price = Column(Float)


def commit():
    with sd_lock:
        saveddata_session.commit()
        saveddata_session.flush()


def save(obj):
    with sd_lock:
        saveddata_session.add(obj)
    commit()


def get_fit(fit_id):
    with sd_lock:
        return saveddata_session.query(Fit).get(fit_id)
