"""One module-level session for the whole program; the engine is SQLite unless
a MySQL URL is configured. The bot's handlers call these helpers from its
worker pool, so several threads add and commit through one Session."""
import os

from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

MYSQL_URL = os.environ.get("QUIZ_MYSQL_URL", "")
engine = create_engine("sqlite:///quiz.db" if not MYSQL_URL else MYSQL_URL)
Session = sessionmaker(bind=engine)
session = Session()
Base = declarative_base()


class Player(Base):
    __tablename__ = "players"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    score = Column(Integer, default=0)


def add_player(player_id, name):
    session.add(Player(id=player_id, name=name))
    session.commit()


def add_point(player_id):
    player = session.query(Player).get(player_id)
    player.score += 1
    session.commit()
