import os


def database_url() -> str:
    # Deployments set DATABASE_URL; without it the app runs on a local SQLite file.
    return os.environ.get("DATABASE_URL", "sqlite:///local.db")
