"""The database comes from a URL in the environment, falling back to a SQLite file.
The web process writes on every request and a separate daemon process polls and
writes too; the pragmas given turn on foreign keys only."""
import os

from playhouse.db_url import connect

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///var/data/app.db")

db = connect(DATABASE_URL, pragmas={"foreign_keys": 1})
