"""Settings whose default is a SQLite file: a checkout runs on a local file."""
import os

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "sqlite:///./notes.db"


settings = Settings()

REPORTS_URL = os.getenv("REPORTS_DATABASE_URL", "sqlite:///./reports.db")
