from sqlmodel import Session, create_engine

from .config import SETTINGS

engine = create_engine(SETTINGS["db_url"], echo=False)


def get_session():
    with Session(engine) as session:
        yield session
