from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    # A collector process writes the same file; without DATABASE_URL both use SQLite.
    database_url: str = "sqlite:///./data/metrics.db"


settings = Settings()
