from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///assistant.db")
SessionFactory = sessionmaker(bind=engine)
