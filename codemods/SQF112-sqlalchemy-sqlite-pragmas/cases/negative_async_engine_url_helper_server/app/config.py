"""Settings whose default is a PostgreSQL server."""
import os

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql://notes@localhost/notes"


settings = Settings()

REPORTS_URL = os.getenv("REPORTS_DATABASE_URL", "postgresql://reports@localhost/reports")
