"""URLs known only at run time with no SQLite evidence, and server databases."""
from sqlalchemy import URL, create_engine

from .config import settings


class Config:
    SQLALCHEMY_DATABASE_URI = "postgresql://db/app"


def make(url):
    return create_engine(url, pool_size=10)


engine = create_engine(settings.DATABASE_URL)
pg = create_engine(URL.create("postgresql+psycopg", host="db", database="app"))
memory = create_engine(URL.create("sqlite"))
