import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(
    "sqlite:///" + os.environ.get("SHOP_DB", "shop.db"), pool_timeout=0.5
)
SessionLocal = sessionmaker(bind=engine)
