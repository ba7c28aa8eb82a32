import os


class Config:
    # Defaults to a SQLite file; a deployment may set another URL.
    DB_URL = os.environ.get("APP_DB_URL", "sqlite:///app.db")
