from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///moderation.db")
SessionFactory = sessionmaker(bind=engine)
